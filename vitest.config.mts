import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { testEnv } from './test/support/test-env.js';

// One runner for the whole repo. SWC compiles the TypeScript so that Nest's decorator
// metadata (constructor injection) is emitted exactly as in the built apps.
const libs = ['platform', 'contracts', 'ingest', 'stats', 'assignment', 'rollouts', 'persistence', 'deploy', 'reports'];
const alias = Object.fromEntries(
  libs.map((lib) => [`@modelgate/${lib}`, fileURLToPath(new URL(`./libs/${lib}/src/index.ts`, import.meta.url))]),
);

export default defineConfig({
  plugins: [
    swc.vite({
      swcrc: false,
      module: { type: 'es6' },
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        keepClassNames: true,
      },
    }),
  ],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'scripts/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          env: testEnv,
          // e2e files share one Kafka broker, one database and one Redis: run them one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
