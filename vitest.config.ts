import { defineConfig } from 'vitest/config';
import { netscn } from './src/vitest/plugin.js';

export default defineConfig({
  test: {
    projects: [
      // Property tests and whole-tree scans run for seconds on a loaded 2-core machine; the
      // limit catches a hang, it is not a measure of speed (that is `npm run bench`).
      { test: { name: 'unit', include: ['test/**/*.test.ts'], testTimeout: 30_000 } },
      {
        plugins: [netscn()],
        test: {
          name: 'scenarios',
          include: ['scenarios/**/*.netscn', 'test/corpus/good/**/*.netscn'],
          pool: 'threads',
          isolate: false,
        },
      },
    ],
  },
});
