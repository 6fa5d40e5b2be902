/**
 * The send form's layout, shared by the practice page (R3) and the real send form (R14) so that both have the same
 * shape for everyone: a notice, the code in 13 numbered groups of 5 characters (the sign is position 1), one box per
 * asked position labelled with the position and the group it is in, one button. After a refused send each wrong box
 * is marked and the message names its position and group. The texts and field names differ (the practice form's
 * come from `GET /sportello/test-form`).
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
  /** The code the asked positions refer to; absent when the page does not know it (the send form from M4). */
  code: string | undefined;
  /** Shown instead of the code when it is absent: where the participant types it to see it in groups. */
  codeEntry?: () => HTMLElement;
  fields: CounterField[];
  submit: string;
  onSubmit(answers: Record<string, string>): Promise<void>;
}

export interface CounterFormView {
  root: HTMLElement;
  status: HTMLElement;
  problem(message: string, ...extra: Node[]): void;
  /**
   * The answers were refused as wrong: `names` are the fields the API named (`error.fields`), or undefined when it
   * named none; each is compared with the code shown to say which positions differ. With nothing to point at, the
   * API's `message` is shown as it is.
   */
  wrong(message: string, names?: string[]): void;
}

/** Characters per group of the code on screen: 13 groups, 1–5, 6–10, …, 61–65. */
export const GROUP_SIZE = 5;

export const groupOf = (position: number) => Math.ceil(position / GROUP_SIZE);
export const groupRange = (group: number) => `${(group - 1) * GROUP_SIZE + 1}–${group * GROUP_SIZE}`;

/** "posizione 33 (gruppo 31–35, 3° carattere)". */
export function positionWords(position: number): string {
  const nth = position - (groupOf(position) - 1) * GROUP_SIZE;
  return `posizione ${position} (gruppo ${groupRange(groupOf(position))}, ${nth}° carattere)`;
}

const SPOKEN: Record<string, string> = { '+': 'più', '-': 'meno' };

/** The code in numbered groups; each group is read out as "Posizioni 31–35: a, 0, b, 1, c". */
function codeGroups(code: string): { list: HTMLOListElement; groups: HTMLLIElement[] } {
  const groups: HTMLLIElement[] = [];
  for (let start = 0; start < code.length; start += GROUP_SIZE) {
    const chars = code.slice(start, start + GROUP_SIZE);
    const range = groupRange(start / GROUP_SIZE + 1);
    groups.push(
      el(
        'li',
        { class: 'token-group' },
        el('span', { class: 'token-ruler', 'aria-hidden': 'true' }, range),
        el('span', { class: 'token-chars', 'aria-hidden': 'true' }, chars),
        el(
          'span',
          { class: 'visually-hidden' },
          `Posizioni ${range}: ${[...chars].map((c) => SPOKEN[c] ?? c).join(', ')}`,
        ),
      ),
    );
  }
  return {
    list: el(
      'ol',
      { class: 'token-groups', 'aria-labelledby': 'codice-etichetta', 'aria-describedby': 'codice-aiuto' },
      ...groups,
    ),
    groups,
  };
}

interface Box {
  position: number;
  input: HTMLInputElement;
}

interface FieldView {
  field: CounterField;
  fieldset: HTMLFieldSetElement;
  boxes: Box[];
  error: HTMLElement;
  set(problem?: string, wrongPositions?: number[]): void;
}

/** What may be typed at a position: the sign at 1, a lower-case hex digit elsewhere (R1). */
const allowedAt = (position: number, char: string) => (position === 1 ? /^[+-]$/ : /^[0-9a-f]$/).test(char);

export function counterForm(options: CounterFormOptions): CounterFormView {
  const status = el('div', { class: 'form-status' });
  const code = options.code ?? '';
  const { list, groups } = codeGroups(code);
  const allBoxes: Box[] = [];
  const views: FieldView[] = options.fields.map((f, i) => {
    const errorId = `campo-${i + 1}-errore`;
    const error = el('div', { class: 'invalid-feedback', id: errorId });
    const boxes: Box[] = f.positions.map((position, j) => {
      const id = `risposta-${i + 1}-${j + 1}`;
      const input = el('input', {
        id,
        name: `${f.name}-${j + 1}`,
        class: 'form-control font-monospace counter-char',
        autocomplete: 'off',
        autocorrect: 'off',
        spellcheck: 'false',
        autocapitalize: 'off',
        inputmode: 'text',
        enterkeyhint: 'next',
        required: true,
        'aria-required': 'true',
        'aria-describedby': `${id}-gruppo ${errorId}`,
        'data-position': position,
      });
      return { position, input };
    });
    allBoxes.push(...boxes);
    const cells = boxes.map(({ position, input }) => {
      const nth = position - (groupOf(position) - 1) * GROUP_SIZE;
      return el(
        'div',
        { class: 'counter-cell' },
        el('label', { for: input.id, class: 'counter-cell-label' }, `Posizione ${position}`),
        input,
        el(
          'span',
          { class: 'counter-cell-hint', id: `${input.id}-gruppo` },
          `gruppo ${groupRange(groupOf(position))}, ${nth}° carattere`,
        ),
      );
    });
    const fieldset = el(
      'fieldset',
      { class: 'counter-field mb-4' },
      el('legend', { class: 'counter-field-legend' }, f.label),
      el('div', { class: 'counter-cells' }, ...cells),
      error,
    );
    return {
      field: f,
      boxes,
      error,
      fieldset,
      set(problem?: string, wrongPositions?: number[]) {
        error.textContent = problem ?? '';
        error.classList.toggle('d-block', Boolean(problem));
        for (const b of boxes) {
          const wrong = Boolean(problem) && (!wrongPositions || wrongPositions.includes(b.position));
          b.input.classList.toggle('is-invalid', wrong);
          if (wrong) b.input.setAttribute('aria-invalid', 'true');
          else b.input.removeAttribute('aria-invalid');
        }
      },
    };
  });

  // Typing: one character per box, lower case, then on to the next box (the notice says so, WCAG 3.2.2); a pasted
  // run of characters fills the boxes that follow; Backspace in an empty box and the arrow keys move between boxes.
  allBoxes.forEach((box, index) => {
    const { input } = box;
    input.addEventListener('focus', () => {
      for (const g of groups) g.classList.remove('is-target');
      groups[groupOf(box.position) - 1]?.classList.add('is-target');
    });
    input.addEventListener('blur', () => groups[groupOf(box.position) - 1]?.classList.remove('is-target'));
    input.addEventListener('input', () => {
      const chars = [...input.value.replace(/\s+/g, '').toLowerCase()];
      input.value = chars[0] ?? '';
      for (let k = 1; k < chars.length && index + k < allBoxes.length; k++) {
        (allBoxes[index + k] as Box).input.value = chars[k] as string;
      }
      if (input.getAttribute('aria-invalid') === 'true') clearBox(box);
      const next = allBoxes[Math.min(index + Math.max(chars.length, 1), allBoxes.length - 1)];
      if (chars.length > 0 && next && next !== box) next.input.focus();
    });
    input.addEventListener('keydown', (event) => {
      const previous = allBoxes[index - 1];
      const following = allBoxes[index + 1];
      if (event.key === 'Backspace' && input.value === '' && previous) {
        event.preventDefault();
        previous.input.value = '';
        previous.input.focus();
      } else if (event.key === 'ArrowLeft' && previous && input.selectionStart === 0) {
        event.preventDefault();
        previous.input.focus();
      } else if (event.key === 'ArrowRight' && following && input.selectionEnd === input.value.length) {
        event.preventDefault();
        following.input.focus();
      }
    });
  });

  /** A corrected box loses its mark; its field's message goes when no box of the field is marked. */
  function clearBox(box: Box) {
    box.input.classList.remove('is-invalid');
    box.input.removeAttribute('aria-invalid');
    const view = views.find((v) => v.boxes.includes(box));
    if (view && !view.boxes.some((b) => b.input.getAttribute('aria-invalid') === 'true')) view.set();
  }

  const button = el('button', { type: 'submit', class: 'btn btn-primary btn-lg' }, options.submit);
  const form = el('form', { novalidate: true, 'aria-label': options.submit }, ...views.map((v) => v.fieldset), button);
  const root = el(
    'section',
    { class: 'counter-form', 'aria-label': 'Modulo' },
    alertBox('info', options.notice),
    code
      ? el(
          'div',
          { class: 'counter-code mb-4' },
          el('p', { class: 'mb-1 fw-semibold', id: 'codice-etichetta' }, options.codeLabel),
          el(
            'p',
            { class: 'small mb-2', id: 'codice-aiuto' },
            `${code.length} caratteri in gruppi di ${GROUP_SIZE}; sopra ogni gruppo le posizioni dei suoi caratteri. Il segno ${code[0] ?? '+'} iniziale fa parte del codice ed è la posizione 1.`,
          ),
          list,
        )
      : (options.codeEntry?.() ?? el('div')),
    status,
    form,
  );
  const problem = (message: string, ...extra: Node[]) => {
    const box = alertBox('danger', message, ...extra);
    box.tabIndex = -1;
    status.replaceChildren(box);
    box.focus();
  };

  const answers = () =>
    Object.fromEntries(views.map((v) => [v.field.name, v.boxes.map((b) => b.input.value).join('')]));

  /** Each box filled with a character that can be at its position, or the field says which are not. */
  function checkShape(): boolean {
    let firstWrong: HTMLInputElement | undefined;
    for (const v of views) {
      const empty = v.boxes.filter((b) => b.input.value === '').map((b) => b.position);
      const odd = v.boxes.filter((b) => b.input.value !== '' && !allowedAt(b.position, b.input.value));
      if (empty.length > 0) v.set(`Inserire il carattere ${list_(empty)}.`, empty);
      else if (odd.length > 0)
        v.set(
          `${list_(
            odd.map((b) => b.position),
            true,
          )}: il codice ha solo cifre da 0 a 9 e lettere minuscole da a a f.`,
          odd.map((b) => b.position),
        );
      else v.set();
      if ((empty.length > 0 || odd.length > 0) && !firstWrong)
        firstWrong = v.boxes.find((b) => b.input.getAttribute('aria-invalid') === 'true')?.input;
    }
    firstWrong?.focus();
    return !firstWrong;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled || !checkShape()) return;
    status.replaceChildren();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    options.onSubmit(answers()).finally(() => {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    });
  });

  function wrong(message: string, names?: string[]) {
    const typed = answers();
    const found: number[] = [];
    for (const v of views) {
      const value = typed[v.field.name] ?? '';
      const differ = code ? v.field.positions.filter((p, k) => value[k] !== code[p - 1]) : [];
      const named = names ? names.includes(v.field.name) : differ.length > 0;
      if (!named) {
        v.set();
        continue;
      }
      found.push(...differ);
      v.set(
        differ.length > 0
          ? `Non corrisponde al codice: ${differ.map(positionWords).join('; ')}.`
          : 'I caratteri di queste caselle non corrispondono al codice: ricontrollarli.',
        differ.length > 0 ? differ : undefined,
      );
    }
    if (found.length === 0 && !names?.length) return problem(message);
    const groupsNamed = [...new Set(found.map(groupOf))].map((g) => `gruppo ${groupRange(g)}`);
    problem(
      found.length > 0
        ? `Alcuni caratteri non corrispondono al codice: ${found.map((p) => `posizione ${p}`).join(', ')} (${groupsNamed.join(', ')}). Correggere le caselle indicate e premere di nuovo "${options.submit}".`
        : `${message} Controllare le caselle indicate.`,
    );
    const first = allBoxes.find((b) => b.input.getAttribute('aria-invalid') === 'true');
    first?.input.select();
  }

  return { root, status, problem, wrong };
}

/** "in posizione 7" / "nelle posizioni 7 e 19"; `capital` starts the sentence: "Posizione 7" / "Posizioni 7 e 19". */
function list_(positions: number[], capital = false): string {
  const joined =
    positions.length === 1
      ? String(positions[0])
      : `${positions.slice(0, -1).join(', ')} e ${positions[positions.length - 1]}`;
  if (capital) return `${positions.length === 1 ? 'Posizione' : 'Posizioni'} ${joined}`;
  return `${positions.length === 1 ? 'in posizione' : 'nelle posizioni'} ${joined}`;
}
