// Browser tests of the built playground (npm run test:browser): Debian's Chromium driven by
// playwright-core against playground/dist served on 127.0.0.1. Not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['test/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
