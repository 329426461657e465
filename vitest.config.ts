import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A folder the files of one run share: the demo group is built once for all of them (helpers.ts demoBuild).
    globalSetup: ['test/global-setup.ts'],
    // Build tests spawn real builds (a few seconds each, more on a busy machine).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Every build runs Astro in worker processes with roots and caches of their own
    // (src/pipeline/unit-worker.ts, test/helpers.ts): test files can run side by side.
    fileParallelism: true,
    // Three files at a time on two cores: the browser and Lighthouse files spend most of their time
    // waiting (page loads, quiet windows), which a third file fills. Measured here: 741 s against
    // 825–843 s with two, the same Lighthouse scores (docs/performance.md, README).
    maxWorkers: 3,
  },
});
