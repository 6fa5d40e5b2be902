/**
 * Accessible forms in the bootstrap-italia style: every input has a visible label, its help and its error tied by
 * `aria-describedby`, `aria-invalid` when wrong, and an error summary that takes the focus on a refused submit
 * (WCAG 3.3.1, 3.3.3). Validation rules are passed in by the page (the API's own schemas and rules), not written here.
 *
 * When errors show: a field's error appears on submit, or when the field is left after being typed in; it is checked
 * again on every change while it shows an error (or once a submit was refused), and disappears as soon as the value is
 * right. The summary lists exactly the errors on screen: it shrinks as they are fixed and goes when none is left.
 */
import { ApiFailure, messageOf } from './api.ts';
import { alertBox, el } from './dom.ts';

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  inputmode?: string;
  help?: string | Node;
  value?: string;
  maxlength?: number;
  /** Monospace input (codes, tokens). */
  code?: boolean;
  /** The field's name in the error summary, when the label is a sentence (a checkbox). */
  summary?: string;
  /** A fixed element id (links to the field from elsewhere); else a generated one. */
  id?: string;
}

export interface Field {
  spec: FieldSpec;
  group: HTMLDivElement;
  input: HTMLInputElement | HTMLSelectElement;
  setError(message?: string): void;
  /** The error on screen, if any. */
  error(): string | undefined;
  /** The value for validation: the text, or for a checkbox 'true' when ticked and '' when not. */
  value(): string;
  checkbox?: boolean;
}

let counter = 0;
const uid = (spec: FieldSpec) => spec.id ?? `campo-${spec.name}-${++counter}`;

function wire(spec: FieldSpec, input: HTMLInputElement | HTMLSelectElement, group: HTMLDivElement): Field {
  const error = el('div', { class: 'invalid-feedback', id: `${input.id}-errore` });
  group.appendChild(error);
  const described = [spec.help ? `${input.id}-aiuto` : '', error.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
  let shown: string | undefined;
  const isCheckbox = input instanceof HTMLInputElement && input.type === 'checkbox';
  return {
    spec,
    group,
    input,
    checkbox: isCheckbox,
    error: () => shown,
    value: () => (isCheckbox ? ((input as HTMLInputElement).checked ? 'true' : '') : input.value),
    setError(message?: string) {
      shown = message || undefined;
      error.textContent = message ?? '';
      error.classList.toggle('d-block', Boolean(message));
      input.classList.toggle('is-invalid', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

export function inputField(spec: FieldSpec): Field {
  const id = uid(spec);
  const input = el('input', {
    id,
    name: spec.name,
    type: spec.type ?? 'text',
    class: `form-control${spec.code ? ' font-monospace' : ''}`,
    autocomplete: spec.autocomplete,
    inputmode: spec.inputmode,
    maxlength: spec.maxlength,
    spellcheck: spec.code || spec.type === 'email' ? 'false' : undefined,
    autocapitalize: spec.code || spec.type === 'email' ? 'off' : undefined,
    required: true,
    'aria-required': 'true',
  });
  if (spec.value) input.value = spec.value;
  const help = spec.help ? el('div', { class: 'form-text', id: `${id}-aiuto` }, spec.help) : null;
  const group = el(
    'div',
    { class: 'form-group mb-4' },
    el('label', { for: id, class: 'active' }, spec.label),
    input,
    help,
  );
  return wire(spec, input, group);
}

export function selectField(spec: FieldSpec, options: { value: string; text: string }[]): Field {
  const id = uid(spec);
  const select = el(
    'select',
    { id, name: spec.name, class: 'form-select', autocomplete: spec.autocomplete },
    ...options.map((o) => el('option', { value: o.value }, o.text)),
  );
  if (spec.value) select.value = spec.value;
  const help = spec.help ? el('div', { class: 'form-text', id: `${id}-aiuto` }, spec.help) : null;
  const group = el('div', { class: 'select-wrapper mb-4' }, el('label', { for: id }, spec.label), select, help);
  return wire(spec, select, group);
}

/** A checkbox with its label on the right (the privacy notice's "letto"). */
export function checkboxField(spec: FieldSpec): Field {
  const id = uid(spec);
  const input = el('input', {
    type: 'checkbox',
    id,
    name: spec.name,
    class: 'form-check-input',
    required: true,
    'aria-required': 'true',
  });
  const group = el(
    'div',
    { class: 'form-check mb-4' },
    input,
    el('label', { for: id, class: 'form-check-label' }, spec.label),
  );
  return wire(spec, input, group);
}

export interface FormOptions {
  label: string;
  submit: string;
  fields: Field[];
  /** Extra content between the fields and the buttons. */
  extra?: Node[];
  /** Fields placed after `extra` (a checkbox under the notice it is about); validated as the others. */
  trailing?: Field[];
  secondary?: Node[];
  /** Problems per field name; empty means valid. */
  validate(values: Record<string, string>): Record<string, string>;
  /** Runs once the values are valid; a thrown ApiFailure is shown (its `fields` on the fields). */
  send(values: Record<string, string>): Promise<void>;
  /** Which field an API error code belongs to (e.g. EMAIL_TAKEN → email). */
  fieldOfCode?: Record<string, string>;
}

export interface FormView {
  form: HTMLFormElement;
  status: HTMLDivElement;
  showProblem(message: string, kind?: 'danger' | 'warning'): void;
  showStatus(message: string): void;
}

/** A form that validates on submit (and each field once touched), then sends. */
export function buildForm(options: FormOptions): FormView {
  const status = el('div', { class: 'form-status' });
  const all = [...options.fields, ...(options.trailing ?? [])];
  const byName = new Map(all.map((f) => [f.spec.name, f]));
  const values = () => Object.fromEntries(all.map((f) => [f.spec.name, f.value()]));
  const button = el('button', { type: 'submit', class: 'btn btn-primary' }, options.submit);
  const form = el(
    'form',
    { novalidate: true, 'aria-label': options.label },
    status,
    ...options.fields.map((f) => f.group),
    ...(options.extra ?? []),
    ...(options.trailing ?? []).map((f) => f.group),
    el('div', { class: 'd-flex flex-wrap gap-3 align-items-center' }, button, ...(options.secondary ?? [])),
  );
  /** The error summary on screen, if any; kept in step with the fields' errors. */
  let summary: HTMLElement | undefined;
  /** After a refused submit every field is checked as it changes. */
  let submitted = false;
  /** Fields whose error is the API's (a taken e-mail): only a change of that field clears it. */
  const fromServer = new Set<string>();
  const showProblem = (message: string, kind: 'danger' | 'warning' = 'danger') => {
    summary = undefined;
    const box = alertBox(kind, message);
    box.tabIndex = -1;
    status.replaceChildren(box);
    box.focus();
  };
  const showStatus = (message: string) => {
    summary = undefined;
    status.replaceChildren(alertBox('success', message));
  };
  const summaryList = () => {
    const wrong = all.filter((f) => f.error());
    return el(
      'ul',
      { class: 'mb-0' },
      ...wrong.map((f) =>
        el('li', {}, el('a', { href: `#${f.input.id}` }, `${f.spec.summary ?? f.spec.label}: ${f.error() ?? ''}`)),
      ),
    );
  };
  /** Redraws the summary from the errors on screen (no focus move); removes it when none is left. */
  const syncSummary = () => {
    if (!summary) return;
    if (!all.some((f) => f.error())) {
      summary.remove();
      summary = undefined;
      return;
    }
    summary.querySelector('ul')?.replaceWith(summaryList());
  };
  const applyProblems = (problems: Record<string, string>) => {
    for (const f of all) {
      if (!problems[f.spec.name]) fromServer.delete(f.spec.name);
      f.setError(problems[f.spec.name]);
    }
    if (!all.some((f) => f.error())) {
      summary?.remove();
      summary = undefined;
      return;
    }
    const box = alertBox('danger', el('p', { class: 'mb-1' }, 'Correggere i campi indicati:'), summaryList());
    box.tabIndex = -1;
    status.replaceChildren(box);
    summary = box;
    box.focus();
  };
  // Shown when a field is left after typing in it (never removed on blur, which would move the submit button under
  // the pointer that is clicking it); checked again on every change while wrong, so it goes as soon as it is right.
  for (const f of all) {
    let typed = false;
    f.input.addEventListener('blur', () => {
      if (f.checkbox || !typed || !f.input.value) return;
      const problem = options.validate(values())[f.spec.name];
      if (problem) f.setError(problem);
      syncSummary();
    });
    const recheck = () => {
      typed = true;
      const problems = options.validate(values());
      // This field once it shows an error (or after a refused submit), and every other field that shows one (a
      // confirmation depends on the password).
      fromServer.delete(f.spec.name);
      for (const g of all) {
        if (g === f ? submitted || g.error() : g.error() && !fromServer.has(g.spec.name))
          g.setError(problems[g.spec.name]);
      }
      syncSummary();
    };
    f.input.addEventListener('input', recheck);
    f.input.addEventListener('change', recheck);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const current = values();
    const problems = options.validate(current);
    if (Object.keys(problems).length > 0) {
      submitted = true;
      return applyProblems(problems);
    }
    applyProblems({});
    status.replaceChildren();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    options
      .send(current)
      .catch((error: unknown) => {
        if (error instanceof ApiFailure) {
          const fromApi: Record<string, string> = {};
          for (const p of error.problem.fields ?? []) if (byName.has(p.path)) fromApi[p.path] = p.message;
          const owner = options.fieldOfCode?.[error.problem.code];
          if (owner && byName.has(owner)) fromApi[owner] = error.problem.message;
          if (Object.keys(fromApi).length > 0) {
            for (const name of Object.keys(fromApi)) fromServer.add(name);
            return applyProblems(fromApi);
          }
        }
        showProblem(messageOf(error));
      })
      .finally(() => {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  });
  return { form, status, showProblem, showStatus };
}

/** A link styled as a secondary action. */
export function linkButton(href: string, text: string): HTMLAnchorElement {
  return el('a', { href, class: 'btn btn-outline-primary' }, text);
}

/** The field for a code received by e-mail or SMS (verification, password reset, second factor). */
export function verificationCodeField(help?: string): Field {
  return inputField({
    name: 'code',
    label: 'Codice di verifica',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    code: true,
    maxlength: 10,
    ...(help ? { help } : {}),
  });
}
