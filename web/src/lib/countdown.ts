/**
 * A countdown to an instant on the server's clock (R13): the time left in large figures (`role="timer"`, with a spoken
 * label), the server's time of day under it, and a polite live region that announces 10 and 5 minutes, 1 minute,
 * 30 and 10 seconds and the moment itself, so that a screen reader user is told without the figures being read
 * every second.
 */
import { el } from './dom.ts';
import { countdown, romeClock } from './format.ts';

export interface CountdownOptions {
  id: string;
  /** "Tempo all'apertura dello sportello (Momento 5), sull'orologio dello sportello:" */
  label: string;
  /** Epoch ms (server time). */
  target: number;
  /** Said when the target is reached. */
  reached: string;
  /** Smaller figures, for a countdown that is not the page's main content. */
  compact?: boolean;
}

export interface CountdownView {
  root: HTMLElement;
  /** Called on every beat with the server's time; true once the target is reached. */
  update(nowMs: number): boolean;
}

const MILESTONES = [600, 300, 60, 30, 10];

export function countdownView(options: CountdownOptions): CountdownView {
  const timer = el('p', {
    class: `countdown font-monospace mb-0${options.compact ? ' countdown-compact' : ''}`,
    role: 'timer',
    'aria-atomic': 'true',
    id: options.id,
  });
  const now = el('span', { class: 'font-monospace' });
  const announce = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const root = el(
    'div',
    { class: 'sportello-box countdown-box mb-4' },
    el('p', { class: 'mb-1', id: `${options.id}-etichetta` }, options.label),
    timer,
    el('p', { class: 'mb-0 small' }, 'Ora dello sportello (ora italiana): ', now),
    announce,
  );
  const pending = new Set(MILESTONES);
  let reached = false;
  return {
    root,
    update(nowMs) {
      const left = options.target - nowMs;
      const text = countdown(left);
      timer.textContent = text.display;
      timer.setAttribute('aria-label', left > 0 ? `Mancano ${text.spoken}` : options.reached);
      now.textContent = romeClock(nowMs);
      const seconds = Math.ceil(left / 1000);
      for (const m of pending) {
        if (seconds > m) continue;
        pending.delete(m);
        // Only the milestone just crossed is said (a page opened 20 s before says "20 secondi" nowhere).
        if (seconds === m) announce.textContent = `Mancano ${text.spoken}.`;
      }
      if (left <= 0 && !reached) {
        reached = true;
        announce.textContent = options.reached;
      }
      return reached;
    },
  };
}
