/**
 * `npm start` options: `--port N`, `--fresh`, `--no-demo`, `--m4-in/--m5-in/--m6-in <minutes>`, `--state-dir <dir>`,
 * `--in-memory` (DynamoDB data not kept; for test runs).
 * When npm swallows a flag given without `--` it passes it on as `npm_config_<name>`; those count too.
 */
import { z } from 'zod';

export interface StartOptions {
  readonly port: number;
  readonly fresh: boolean;
  readonly demo: boolean;
  readonly m4InMinutes: number;
  readonly m5InMinutes: number;
  readonly m6InMinutes: number;
  readonly stateDir: string | undefined;
  /** DynamoDB in memory (test runs): nothing of its data survives the run. */
  readonly inMemory: boolean;
}

export const DEFAULT_PORT = 3000;

const Port = z.coerce.number().int().min(0).max(65535);
const Minutes = z.coerce
  .number()
  .min(0)
  .max(7 * 24 * 60);

function flagTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Throws an Error with an Italian message on a bad value. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === '--fresh' || name === '--no-demo' || name === '--in-memory') flags.add(name);
    else if (['--port', '--m4-in', '--m5-in', '--m6-in', '--state-dir'].includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`Manca il valore dopo ${name}.`);
      values.set(name, value);
    } else throw new Error(`Opzione sconosciuta: ${arg}. Uso: npm start -- [--port N] [--fresh] [--no-demo]`);
  }
  const number = <T>(schema: z.ZodType<T>, name: string, raw: string | undefined, fallback: T): T => {
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`Valore non valido per ${name}: "${raw}".`);
    return parsed.data;
  };
  const demoOff =
    flags.has('--no-demo') ||
    flagTrue(env.npm_config_no_demo) ||
    // `npm start --no-demo` reaches us as npm_config_demo=false.
    env.npm_config_demo === 'false';
  const m4 = number(Minutes, '--m4-in', values.get('--m4-in') ?? env.npm_config_m4_in, 2);
  const m5 = number(Minutes, '--m5-in', values.get('--m5-in') ?? env.npm_config_m5_in, 5);
  const m6 = number(Minutes, '--m6-in', values.get('--m6-in') ?? env.npm_config_m6_in, 25);
  if (!(m4 < m5 && m5 < m6)) throw new Error('I momenti devono essere in ordine: --m4-in < --m5-in < --m6-in.');
  return {
    port: number(Port, '--port', values.get('--port') ?? env.npm_config_port, DEFAULT_PORT),
    fresh: flags.has('--fresh') || flagTrue(env.npm_config_fresh),
    demo: !demoOff,
    m4InMinutes: m4,
    m5InMinutes: m5,
    m6InMinutes: m6,
    stateDir: values.get('--state-dir') ?? env.npm_config_state_dir ?? undefined,
    inMemory: flags.has('--in-memory') || flagTrue(env.npm_config_in_memory),
  };
}
