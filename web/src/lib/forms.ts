/**
 * Accessible forms in the bootstrap-italia style: every input has a visible label, its help and its error tied by
 * `aria-describedby`, `aria-invalid` when wrong, and an error summary that takes the focus on a refused submit
 * (WCAG 3.3.1, 3.3.3). Validation rules are passed in by the page (the API's own schemas and rules), not written here.
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
}

export interface Field {
  spec: FieldSpec;
  group: HTMLDivElement;
  input: HTMLInputElement | HTMLSelectElement;
  setError(message?: string): void;
}

let counter = 0;
const uid = (name: string) => `campo-${name}-${++counter}`;

function wire(spec: FieldSpec, input: HTMLInputElement | HTMLSelectElement, group: HTMLDivElement): Field {
  const error = el('div', { class: 'invalid-feedback', id: `${input.id}-errore` });
  group.appendChild(error);
  const described = [spec.help ? `${input.id}-aiuto` : '', error.id].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
  return {
    spec,
    group,
    input,
    setError(message?: string) {
      error.textContent = message ?? '';
      error.classList.toggle('d-block', Boolean(message));
      input.classList.toggle('is-invalid', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

export function inputField(spec: FieldSpec): Field {
  const id = uid(spec.name);
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
  const id = uid(spec.name);
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

export interface FormOptions {
  label: string;
  submit: string;
  fields: Field[];
  /** Extra content between the fields and the buttons. */
  extra?: Node[];
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

/** A form that validates on submit (and each field on leaving it), then sends. */
export function buildForm(options: FormOptions): FormView {
  const status = el('div', { class: 'form-status' });
  const byName = new Map(options.fields.map((f) => [f.spec.name, f]));
  const values = () => Object.fromEntries(options.fields.map((f) => [f.spec.name, f.input.value]));
  const button = el('button', { type: 'submit', class: 'btn btn-primary' }, options.submit);
  const form = el(
    'form',
    { novalidate: true, 'aria-label': options.label },
    status,
    ...options.fields.map((f) => f.group),
    ...(options.extra ?? []),
    el('div', { class: 'd-flex flex-wrap gap-3 align-items-center' }, button, ...(options.secondary ?? [])),
  );
  const showProblem = (message: string, kind: 'danger' | 'warning' = 'danger') => {
    const box = alertBox(kind, message);
    box.tabIndex = -1;
    status.replaceChildren(box);
    box.focus();
  };
  const showStatus = (message: string) => status.replaceChildren(alertBox('success', message));
  const applyProblems = (problems: Record<string, string>) => {
    for (const f of options.fields) f.setError(problems[f.spec.name]);
    const wrong = options.fields.filter((f) => problems[f.spec.name]);
    if (wrong.length === 0) return;
    const list = el(
      'ul',
      { class: 'mb-0' },
      ...wrong.map((f) =>
        el('li', {}, el('a', { href: `#${f.input.id}` }, `${f.spec.label}: ${problems[f.spec.name] ?? ''}`)),
      ),
    );
    const box = alertBox('danger', el('p', { class: 'mb-1' }, 'Correggere i campi indicati:'), list);
    box.tabIndex = -1;
    status.replaceChildren(box);
    box.focus();
  };
  // A field's error appears when it is left wrong and disappears while it is being corrected (on input): never on
  // blur, where removing the message would move the submit button under the pointer that is clicking it.
  for (const f of options.fields) {
    f.input.addEventListener('blur', () => {
      if (!f.input.value) return;
      const problem = options.validate(values())[f.spec.name];
      if (problem) f.setError(problem);
    });
    const recheck = () => {
      if (f.input.getAttribute('aria-invalid') !== 'true') return;
      f.setError(options.validate(values())[f.spec.name]);
    };
    f.input.addEventListener('input', recheck);
    f.input.addEventListener('change', recheck);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const current = values();
    const problems = options.validate(current);
    if (Object.keys(problems).length > 0) return applyProblems(problems);
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
          if (Object.keys(fromApi).length > 0) return applyProblems(fromApi);
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
