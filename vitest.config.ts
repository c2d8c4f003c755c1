import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // nock 15's interceptors call Promise.withResolvers (Node 22+); we support Node 20.
    setupFiles: ['test/helpers/node20-polyfills.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    // expect.poll waits this long before failing (its default, 1 s, is too short for a browser
    // page on a loaded 2-core machine); a passing poll returns as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    // Test files start their own redis-server and gateways; two cores take a few at a time.
    maxWorkers: 3,
  },
});
