import type { InputProblem } from '#domain/lists/records';

const FILE_NAMES: Record<InputProblem['file'], string> = {
  applications: 'domande',
  allocations: 'stanziamenti',
  sends: 'invii',
  annulments: 'annullamenti',
  outcomes: 'esiti',
};

/** One line for the operator: `invii, riga 7, colonna arrival_at: …`. */
export function describeProblem(problem: InputProblem): string {
  const where = [`file ${FILE_NAMES[problem.file]}`];
  if (problem.line !== undefined) where.push(`riga ${problem.line}`);
  if (problem.column !== undefined) where.push(`colonna ${problem.column}`);
  return `${where.join(', ')}: ${problem.message}`;
}
