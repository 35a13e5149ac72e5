import { defineConfig } from 'vitest/config';
import { netscn } from './src/vitest/plugin.js';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.ts'] } },
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
