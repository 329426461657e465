import { defineConfig } from 'vitest/config';

/**
 * `npm run test:fast`: the tests that need no build, no Astro and no browser — loading,
 * content rules, the build plan and its reasons, URLs, configuration, body rendering and
 * sanitising, dates over time, the output commit, the search page's words — for a first signal in well under a minute.
 * `npm test` runs these and everything else.
 */
export const FAST_TESTS = [
  'test/config.test.ts',
  'test/urls.test.ts',
  'test/rules.test.ts',
  'test/sanitize.test.ts',
  'test/real-habits.test.ts',
  'test/render.test.ts',
  'test/scan.test.ts',
  'test/time.test.ts',
  'test/generated-paths.test.ts',
  'test/plan.test.ts',
  'test/commit.test.ts',
  'test/layers.test.ts',
  'test/search-words.test.ts',
  'test/stripped-types.test.ts',
];

export default defineConfig({
  test: {
    include: FAST_TESTS,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
