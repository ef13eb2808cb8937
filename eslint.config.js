// One formatter for the whole tree: `npm run format` fixes, `npm run format:check` fails on a difference.
// neostandard carries the house style (no semicolons, 2 spaces, single quotes, a space before function
// parens). The goal is one way of writing, not a lint crusade: what is switched off below either disagrees
// with the house style or would ask for hand rewrites that `npm run format` cannot make, each with the reason.
import neostandard, { resolveIgnoresFromGitignore } from 'neostandard'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default [
  ...neostandard({
    ts: true,
    noJsx: true,
    filesTs: ['**/*.svelte', '**/*.svelte.ts'],
    ignores: resolveIgnoresFromGitignore(),
  }),
  // Only the parser from the Svelte plugin: the style rules above then reach the script blocks and the
  // `.svelte.ts` files; its recommended rule set is lint, not formatting.
  ...svelte.configs.base,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    name: 'rostrum/house-style',
    rules: {
      // Fixtures and records pack related fields on a few lines; these would put each property (and each
      // ternary branch) on a line of its own, hundreds of lines of churn against the house style.
      '@stylistic/object-property-newline': 'off',
      '@stylistic/object-curly-newline': 'off',
      '@stylistic/multiline-ternary': 'off',
      // `void promise` is how the code marks a promise it deliberately does not await (no floating promises).
      'no-void': 'off',
      // `new URL(text)` inside a try is how input is validated as a URL.
      'no-new': 'off',
      // The loop flags are set by event callbacks, which the rule cannot see: every hit is a false positive.
      'no-unmodified-loop-condition': 'off',
      // The sanitisers strip control characters on purpose.
      'no-control-regex': 'off',
      // Tests quote template text (`${id}`) as data, for instance the architecture test's known exceptions.
      'no-template-curly-in-string': 'off',
      // Not formatting and not fixable by `npm run format`; tsc and review own dead code.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
  {
    // Svelte 5 declares props and derived values with `let` (`let { x } = $props()`, as the Svelte docs
    // write them); the Svelte-aware rule leaves those runes alone and still asks `const` elsewhere.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      'prefer-const': 'off',
      'svelte/prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    files: ['client/public/sw.js'],
    languageOptions: { globals: globals.serviceworker },
  },
]
