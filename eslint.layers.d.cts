import type { Linter } from 'eslint';
/** The dependency rule of lambdas/ as ESLint flat-config entries (eslint.layers.cjs). */
export declare const LAYER_RULES: Linter.Config[];
