// Generates docs/diagnostics.md, the list of diagnostic codes (code, title, explanation, message,
// example), from the catalogue src/diag/catalogue.ts, read from the build (dist/).
//
// Usage: npm run docs:diagnostics   (test/diag/docs.test.ts fails when the committed file is stale)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'docs', 'diagnostics.md');
const { catalogueMarkdown } = await import(pathToFileURL(join(root, 'dist', 'diag', 'explain-code.js')).href);
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, catalogueMarkdown());
console.log(`wrote ${output}`);
