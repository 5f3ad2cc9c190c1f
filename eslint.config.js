import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import areaBoundaries from './lint/area-boundaries.js'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/.work/**', 'test/fixtures/scan/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-console': 'error',
    },
  },
  {
    // Areas of src/core reach each other only through their index.ts (unit tests may reach in).
    files: ['src/**/*.ts'],
    plugins: { secrets: areaBoundaries },
    rules: { 'secrets/area-boundaries': 'error' },
  },
  {
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@aws-sdk/*',
                'node:fs',
                'node:fs/*',
                'node:child_process',
                'node:http',
                'fs',
                'child_process',
                'http',
                'execa',
              ],
              message: 'Commands stay thin: put I/O in src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@oclif/*'], message: 'core/shared know nothing of oclif.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'core never exits the process',
        },
      ],
    },
  },
  {
    // The scan engine is pure (docs/scan.md): bytes and settings in, findings out. Disk, git,
    // threads and the process belong to the sources around it in src/core/scan.
    files: ['src/core/scan/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@oclif/*'], message: 'core/shared know nothing of oclif.' },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'fs',
                'fs/*',
                'node:child_process',
                'child_process',
                'node:worker_threads',
                'worker_threads',
                'execa',
              ],
              message: 'The scan engine is pure: read files, run git and start workers in src/core/scan.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The scan engine is pure: the process belongs to its callers.' },
      ],
    },
  },
  {
    files: [
      'bin/**/*.js',
      'scripts/**/*.mjs',
      'examples/**/*.mjs',
      'bench/**/*.mjs',
      'test/fixtures/**/*.mjs',
      'test/fixtures/**/*.js',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
)
