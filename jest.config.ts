import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

/**
 * One transform for TypeScript and for the ESM-only packages we depend on (middy): ts-jest in transpile-only mode
 * (isolated modules, no type check: `npm run lint` type-checks), emitting CommonJS for jest's module system.
 */
const transform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    'ts-jest',
    {
      tsconfig: {
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'es2022',
        allowJs: true,
        isolatedModules: true,
        esModuleInterop: true,
        sourceMap: true,
      },
      diagnostics: false,
    },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(@middy)/)'];

const project = (name: string, extra: Partial<Config> = {}): Config => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
  ...extra,
});

const config: Config = {
  // Most integration and browser test time is waiting (timetables, lockout back-off, the emulators' answers), so more
  // workers than jest's default (cores − 1) pay off. Measured on 2 cores (whole suite, 2026-12-06): 1 worker 1,045 s,
  // 2 workers 731 s, 3 workers 540–635 s but the fault-rush test's own cloud then lost a request under load once.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // A test's own limit, unless it sets another: jest's 5 s is too tight on a 2-core machine that also runs the
  // emulators and a browser (a unit test that takes 2 s alone took over 5 s there once); a hung test still fails.
  testTimeout: 30_000,
  projects: [
    project('unit'),
    project('infra'),
    // One local cloud per run (global setup), on a free port; the tests use real SDK clients against it.
    project('integration', {
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.ts'],
    }),
    // The portals in Debian's chromium against their own local cloud (test/e2e/global-setup.ts builds web/dist first).
    project('e2e', {
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    }),
  ],
};

export default config;
