// One linter (ESLint + typescript-eslint) and one formatter (Prettier, see .prettierrc.json): both pure JavaScript,
// so `npm ci` needs no platform-specific binary the registry may not serve.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './eslint.layers.cjs';

const { LAYER_RULES } = layers;

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local-cloud/', 'web/dist/', 'coverage/', 'test/e2e/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
      // A value set once after a closure that reads it has been handed out (e.g. `endpoints` in local/cloud.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  ...LAYER_RULES,
);
