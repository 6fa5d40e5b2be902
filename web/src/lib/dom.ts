/**
 * DOM helpers. Everything that comes from the API or from a person is inserted as text (textContent, attributes),
 * never parsed as HTML.
 */
type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | null | EventListener>;

/** `el('p', { class: 'lead' }, 'testo', el('strong', {}, 'forte'))`; `on…` keys become listeners. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** The page's content area (`#app`), emptied. */
export function appRoot(): HTMLElement {
  const root = document.getElementById('app');
  if (!root) throw new Error('#app missing');
  return root;
}

export function replaceApp(...children: Child[]): HTMLElement {
  const root = appRoot();
  root.replaceChildren();
  append(root, ...children);
  return root;
}

export type AlertKind = 'success' | 'danger' | 'warning' | 'info';

/** A bootstrap-italia alert; `role=alert` for problems, `status` otherwise, so screen readers announce it. */
export function alertBox(kind: AlertKind, ...content: Child[]): HTMLDivElement {
  return el(
    'div',
    { class: `alert alert-${kind}`, role: kind === 'danger' || kind === 'warning' ? 'alert' : 'status' },
    ...content,
  );
}

/** Sets the page heading (and document title) and moves focus to it, as after a page change. */
export function setHeading(text: string, focus = true): void {
  const heading = document.getElementById('titolo');
  if (!heading) return;
  heading.textContent = text;
  document.title = `${text} — ${document.body.dataset.service ?? 'Sportello click day'}`;
  if (focus) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

export function icon(name: string, extraClass = ''): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', `icon ${extraClass}`.trim());
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS(ns, 'use');
  use.setAttribute('href', `/assets/svg/sprites.svg#${name}`);
  svg.appendChild(use);
  return svg;
}

/** A query string parameter of the current page. */
export function param(name: string): string {
  return new URLSearchParams(location.search).get(name) ?? '';
}
