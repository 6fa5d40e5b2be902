/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/** One swc transform for TypeScript and for the ESM-only packages we depend on (middy). */
const transform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
};
const transformIgnorePatterns = ['/node_modules/(?!(@middy)/)'];

const project = (name: string, extra: Partial<Config> = {}): Config => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});

const config: Config = {
  projects: [
    project('unit'),
    project('infra'),
    // One local cloud per run (global setup), on a free port; the tests use real SDK clients against it.
    project('integration', {
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      testTimeout: 30_000,
    }),
    // The portals in Debian's chromium against their own local cloud (test/e2e/global-setup.ts builds web/dist first).
    project('e2e', {
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    }),
  ],
};

export default config;
