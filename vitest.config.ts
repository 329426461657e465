import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Build tests spawn real builds (a few seconds each, more on a busy machine).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Astro builds share the project's .astro/ folder: run test files one after another.
    fileParallelism: false,
  },
});
