// Generates src/syntax/generated/parser.js (+ .d.ts) from grammar/netscn.peggy at build time,
// so no run of netscn pays for generating the parser.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { tuneParser } from './tune-parser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/syntax/generated');
mkdirSync(outDir, { recursive: true });
const require = createRequire(import.meta.url);
const peggyBin = join(dirname(require.resolve('peggy/package.json')), 'bin/peggy.js');
const out = join(outDir, 'parser.js');
const options = {
  format: 'es',
  dts: true,
  allowedStartRules: ['File', 'Line'],
  returnTypes: { File: 'import("../ast.js").File', Line: 'unknown' },
};
const optFile = join(outDir, '.peggy-options.json');
writeFileSync(optFile, JSON.stringify(options));
execFileSync(process.execPath, [peggyBin, '-c', optFile, '-o', out, join(root, 'grammar/netscn.peggy')], { stdio: 'inherit' });
// Keep the generated file from upsetting strict type-checking of its consumers; tune it
// (scripts/tune-parser.mjs: fewer allocations, no regular expression per character).
const js = tuneParser(readFileSync(out, 'utf8'));
writeFileSync(out, '// @ts-nocheck\n// Generated from grammar/netscn.peggy by scripts/build-grammar.mjs. Do not edit.\n' + js);
// tsc does not emit hand-off JavaScript: place the generated parser where dist/ imports it.
const distDir = join(root, 'dist/syntax/generated');
mkdirSync(distDir, { recursive: true });
for (const f of ['parser.js', 'parser.d.ts']) writeFileSync(join(distDir, f), readFileSync(join(outDir, f)));
