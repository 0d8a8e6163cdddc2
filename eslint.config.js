// Lint rules beyond what tsc checks: the recommended sets of ESLint and typescript-eslint, run
// without type information so that `npm run lint` stays a few seconds. Formatting is prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '.test-data/', 'test-output/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // tsc already resolves every name; this rule only misreads types and Node's globals.
      'no-undef': 'off',
      // Stripping control characters from what reaches logs and screens is the point of those patterns.
      'no-control-regex': 'off',
      // A leading underscore marks what is destructured away or kept for a signature on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
);
