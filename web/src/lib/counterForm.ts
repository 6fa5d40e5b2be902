/**
 * The send form's layout, shared by the practice page (R3) and the real send form (R14) so that both have the same
 * dimensions: a notice, a box with the code to read characters from, one field per group of positions, one button.
 * The texts and field names differ (the practice form's come from `GET /sportello/test-form`).
 */
import { alertBox, el } from './dom.ts';

export interface CounterField {
  name: string;
  label: string;
  length: number;
  positions: number[];
}

export interface CounterFormOptions {
  notice: string;
  codeLabel: string;
  code: string;
  fields: CounterField[];
  submit: string;
  onSubmit(answers: Record<string, string>): Promise<void>;
}

export interface CounterFormView {
  root: HTMLElement;
  status: HTMLElement;
  problem(message: string, ...extra: Node[]): void;
}

export function counterForm(options: CounterFormOptions): CounterFormView {
  const status = el('div', { class: 'form-status' });
  const inputs = options.fields.map((f, i) => {
    const id = `risposta-${i + 1}`;
    const error = el('div', { class: 'invalid-feedback', id: `${id}-errore` });
    const input = el('input', {
      id,
      name: f.name,
      class: 'form-control font-monospace counter-answer',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'off',
      maxlength: f.length,
      size: f.length + 2,
      required: true,
      'aria-required': 'true',
      'aria-describedby': `${id}-errore`,
    });
    const group = el(
      'div',
      { class: 'form-group mb-4' },
      el('label', { for: id, class: 'active' }, f.label),
      input,
      error,
    );
    const setError = (message?: string) => {
      error.textContent = message ?? '';
      error.classList.toggle('d-block', Boolean(message));
      input.classList.toggle('is-invalid', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    };
    return { field: f, input, group, setError };
  });
  const button = el('button', { type: 'submit', class: 'btn btn-primary btn-lg' }, options.submit);
  const form = el('form', { novalidate: true, 'aria-label': options.submit }, ...inputs.map((i) => i.group), button);
  const root = el(
    'section',
    { class: 'counter-form', 'aria-label': 'Modulo' },
    alertBox('info', options.notice),
    el(
      'div',
      { class: 'counter-code mb-4' },
      el('p', { class: 'mb-1 fw-semibold', id: 'codice-etichetta' }, options.codeLabel),
      el('p', { class: 'font-monospace mb-0 counter-code-value', 'aria-labelledby': 'codice-etichetta' }, options.code),
    ),
    status,
    form,
  );
  const problem = (message: string, ...extra: Node[]) => {
    const box = alertBox('danger', message, ...extra);
    box.tabIndex = -1;
    status.replaceChildren(box);
    box.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    let firstWrong: HTMLInputElement | undefined;
    for (const i of inputs) {
      const value = i.input.value.trim();
      const message =
        value.length === i.field.length
          ? undefined
          : `Inserire esattamente ${i.field.length} caratteri: ne sono stati inseriti ${value.length}.`;
      i.setError(message);
      if (message && !firstWrong) firstWrong = i.input;
    }
    if (firstWrong) return firstWrong.focus();
    status.replaceChildren();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const answers = Object.fromEntries(inputs.map((i) => [i.field.name, i.input.value.trim()]));
    options.onSubmit(answers).finally(() => {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    });
  });
  return { root, status, problem };
}
