/**
 * Environment read once, at cold start: a handler module calls `parseEnv` at module scope, so a missing or malformed
 * variable fails the function's initialisation (visible at deploy/first call) instead of failing one request later.
 */
import { z } from 'zod';
import { TABLES, type TableId } from '#catalogue/resources';

export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** Validates `source` (default `process.env`) against `shape`; the error names the variables, never their values. */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  source: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new EnvironmentError(`Invalid environment: ${problems}`);
}

/** Physical table names of `ids`, read from their environment variables (TABLES[id].env). */
export function tableNames<const T extends readonly TableId[]>(
  ids: T,
  source: NodeJS.ProcessEnv = process.env,
): Record<T[number], string> {
  const shape = Object.fromEntries(ids.map((id) => [TABLES[id].env, z.string().min(1)]));
  const parsed = parseEnv(shape, source) as Record<string, string>;
  return Object.fromEntries(ids.map((id) => [id, parsed[TABLES[id].env]])) as Record<T[number], string>;
}
