// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The pure libraries are plain functions and types: no framework, database, broker or queue.
const ioPackages = ['@nestjs/*', 'typeorm', 'typeorm/*', 'kafkajs', 'bullmq', 'pg', 'pg-*', 'ioredis'];
const ioLibs = ['@modelgate/persistence', '@modelgate/deploy'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stack/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/stats/**/*.ts', 'libs/assignment/**/*.ts', 'libs/rollouts/**/*.ts', 'libs/reports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...ioPackages, ...ioLibs],
              message: 'Pure libraries (stats, assignment, rollouts, reports) import no Nest, TypeORM, kafkajs, bullmq or pg: pass data in as arguments.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', '**/*.mts'], ...tseslint.configs.disableTypeChecked },
);
