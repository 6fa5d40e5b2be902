/**
 * `npm start` options: `--port N`, `--fresh`, `--no-demo`, `--m4-in/--m5-in/--m6-in <minutes>`, `--state-dir <dir>`,
 * `--in-memory` (DynamoDB data not kept; for test runs), `--faults kms=throttle[,sqs=down…]` (the fault switch).
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
  /** Faults in force from the start (`/local/faults`): `kms=throttle,sqs=down`. */
  readonly faults: string | undefined;
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

const VALUE_FLAGS = ['--port', '--m4-in', '--m5-in', '--m6-in', '--state-dir', '--faults'] as const;
const BOOLEAN_FLAGS = ['--fresh', '--no-demo', '--in-memory'] as const;
const USAGE =
  'Uso: npm start -- [--port N] [--fresh] [--no-demo] [--m4-in M] [--m5-in M] [--m6-in M] [--state-dir D] [--faults kms=throttle,sqs=down]';

/** `--m4-in` → `npm_config_m4_in`. */
const npmName = (flag: string) => `npm_config_${flag.slice(2).replace(/-/g, '_')}`;

interface Scanned {
  values: Map<string, string>;
  flags: Set<string>;
  positionals: string[];
}

function scan(argv: readonly string[]): Scanned {
  const scanned: Scanned = { values: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) scanned.flags.add(name);
    else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`Manca il valore dopo ${name}.`);
      scanned.values.set(name, value);
    } else if (!arg.startsWith('-')) scanned.positionals.push(arg);
    else throw new Error(`Opzione sconosciuta: ${arg}. ${USAGE}`);
  }
  return scanned;
}

/**
 * `npm start --port 4000` (no `--`): npm keeps the flag as npm_config_port=true and passes "4000" alone, and the
 * order of flags is lost. A path can only be the state directory; a number is matched to the one numeric flag npm
 * swallowed, and with several the start refuses rather than guess.
 */
function recoverSwallowed(scanned: Scanned, env: NodeJS.ProcessEnv): void {
  const swallowed = VALUE_FLAGS.filter((f) => env[npmName(f)] === 'true' && !scanned.values.has(f));
  const numeric = scanned.positionals.filter((p) => /^\d+(\.\d+)?$/.test(p));
  const faults = scanned.positionals.filter((p) => /^[a-z]+=[a-z]+(,[a-z]+=[a-z]+)*$/.test(p));
  if (faults[0] !== undefined && swallowed.includes('--faults')) scanned.values.set('--faults', faults[0]);
  const paths = scanned.positionals.filter((p) => !numeric.includes(p) && !faults.includes(p));
  const numericFlags = swallowed.filter((f) => f !== '--state-dir' && f !== '--faults');
  if (paths.length > 1 || (paths.length === 1 && !swallowed.includes('--state-dir'))) {
    throw new Error(`Argomento non riconosciuto: ${paths.at(-1)}. ${USAGE}`);
  }
  if (numeric.length > 0 && (numeric.length !== 1 || numericFlags.length !== 1)) {
    throw new Error(`Argomento non riconosciuto: ${numeric.join(' ')}. ${USAGE}`);
  }
  if (paths[0] !== undefined) scanned.values.set('--state-dir', paths[0]);
  if (numeric[0] !== undefined) scanned.values.set(numericFlags[0] as string, numeric[0]);
}

/** Throws an Error with an Italian message on a bad value. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  const scanned = scan(argv);
  if (scanned.positionals.length > 0) recoverSwallowed(scanned, env);
  const { values, flags } = scanned;
  // A value flag npm swallowed shows as "true"; its value was recovered above or is not there.
  const fromEnv = (flag: string) => (env[npmName(flag)] === 'true' ? undefined : env[npmName(flag)]);
  const number = <T>(schema: z.ZodType<T>, name: string, raw: string | undefined, fallback: T): T => {
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`Valore non valido per ${name}: "${raw}".`);
    return parsed.data;
  };
  const demoOff =
    flags.has('--no-demo') ||
    flagTrue(env.npm_config_no_demo) ||
    // `npm start --no-demo` reaches us as npm_config_demo set to "" (npm 10) or "false".
    env.npm_config_demo === '' ||
    env.npm_config_demo === 'false';
  const value = (flag: (typeof VALUE_FLAGS)[number]) => values.get(flag) ?? fromEnv(flag);
  const m4 = number(Minutes, '--m4-in', value('--m4-in'), 2);
  const m5 = number(Minutes, '--m5-in', value('--m5-in'), 5);
  const m6 = number(Minutes, '--m6-in', value('--m6-in'), 25);
  if (!(m4 < m5 && m5 < m6)) throw new Error('I momenti devono essere in ordine: --m4-in < --m5-in < --m6-in.');
  return {
    port: number(Port, '--port', value('--port'), DEFAULT_PORT),
    fresh: flags.has('--fresh') || flagTrue(env.npm_config_fresh),
    demo: !demoOff,
    m4InMinutes: m4,
    m5InMinutes: m5,
    m6InMinutes: m6,
    stateDir: value('--state-dir') || undefined,
    inMemory: flags.has('--in-memory') || flagTrue(env.npm_config_in_memory),
    faults: value('--faults') || undefined,
  };
}
