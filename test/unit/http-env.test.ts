import { z } from 'zod';
import { EnvironmentError, parseEnv, tableNames } from '#http/env';

describe('env: read once, fail fast', () => {
  test('a complete environment is parsed and typed', () => {
    const env = parseEnv({ STAGE: z.enum(['dev', 'prod']), PORT: z.coerce.number() }, { STAGE: 'dev', PORT: '3000' });
    expect(env).toEqual({ STAGE: 'dev', PORT: 3000 });
  });

  test('a missing or malformed variable throws, naming the variable and never its value', () => {
    const attempt = () =>
      parseEnv(
        { SECRET_ARN: z.string().startsWith('arn:'), SENDS_TABLE: z.string().min(1) },
        { SECRET_ARN: 'hunter2' },
      );
    expect(attempt).toThrow(EnvironmentError);
    expect(attempt).toThrow(/SECRET_ARN/);
    expect(attempt).toThrow(/SENDS_TABLE/);
    expect(attempt).not.toThrow(/hunter2/);
  });

  test('table names come from the variables resources.ts names', () => {
    const source = { SENDS_TABLE: 'sportello-dev-sends', APPLICATIONS_TABLE: 'sportello-dev-applications' };
    expect(tableNames(['sends', 'applications'], source)).toEqual({
      sends: 'sportello-dev-sends',
      applications: 'sportello-dev-applications',
    });
    expect(() => tableNames(['config'], source)).toThrow(/CONFIG_TABLE/);
  });
});
