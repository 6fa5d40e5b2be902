// The dependency rule of lambdas/ (docs/development.md "Layout"), enforced on every import and `export … from`:
//   catalogue → nothing of the project; http → catalogue, domain; domain → itself, zod and pure libraries;
//   adapters → catalogue, domain (never http, handlers, triggers, wiring); nothing deployable → local/, ops/, lib/.
// Inside lambdas/ a module imports another folder through its alias (`#domain/…`), never with `../`, so the rule
// sees every crossing. `npm run lint` and `npm test` (test/unit/layers.test.ts) both check it.

/** A forbidden import: specifiers matching `regex` (a regular expression on the whole specifier). */
const banned = (message, regex) => ({ regex, message });

const PARENT = banned('Inside lambdas/, reach another folder through its alias (#domain/…), not with ../', '^\\.\\./');
const LOCAL_ONLY = banned(
  'Local-only code (local/, ops/, lib/, bench/) is never part of a deployed function.',
  '^#(local|ops|lib)/|(^|/)(local|ops|lib|bench)/',
);
const rule = (...patterns) => ['error', { patterns }];

const LAYER_RULES = [
  {
    files: ['lambdas/catalogue/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        PARENT,
        banned('The catalogue describes what is deployed and imports nothing of the project.', '^#'),
      ),
    },
  },
  {
    files: ['lambdas/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        PARENT,
        banned(
          'The domain imports only itself, zod and pure libraries: not the catalogue, the HTTP edge, adapters, handlers, triggers or wiring.',
          '^#(catalogue|http|adapters|handlers|triggers|wiring)/',
        ),
        banned(
          "The domain speaks to no AWS service or runtime: that is the adapters' and the edge's job.",
          '^(@aws-sdk/|@smithy/|aws-lambda$|@middy/|@aws-lambda-powertools/)',
        ),
        LOCAL_ONLY,
      ),
    },
  },
  {
    files: ['lambdas/http/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        PARENT,
        banned(
          'The HTTP edge imports the catalogue and the domain; adapters are wired in by the handlers.',
          '^#(adapters|handlers|triggers|wiring)/',
        ),
        LOCAL_ONLY,
      ),
    },
  },
  {
    files: ['lambdas/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': rule(
        PARENT,
        banned(
          "Adapters implement the domain's ports; they never reach up to the HTTP edge, handlers or wiring.",
          '^#(http|handlers|triggers|wiring)/',
        ),
        LOCAL_ONLY,
      ),
    },
  },
  {
    files: ['lambdas/wiring/**/*.ts', 'lambdas/handlers/**/*.ts', 'lambdas/triggers/**/*.ts'],
    rules: { 'no-restricted-imports': rule(PARENT, LOCAL_ONLY) },
  },
];

module.exports = { LAYER_RULES };
