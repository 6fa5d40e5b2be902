/**
 * Form validation with the API's own zod schemas and Italian error map (lambdas/domain/kernel/validation.ts `italianIssues`),
 * so a field is refused in the page with the same words the API would use.
 */
import type { z } from 'zod';
import { italianIssues } from '#domain/kernel/validation';

/** The first problem of each field (by its top-level name), or {} when the values pass. */
export function schemaProblems(schema: z.ZodType, values: unknown): Record<string, string> {
  const parsed = schema.safeParse(values, { error: italianIssues });
  if (parsed.success) return {};
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (name && !problems[name]) problems[name] = issue.message;
  }
  return problems;
}
