/**
 * connlist's request-level dimension (src/connlist/request-space.ts) in every format, against
 * golden files in test/corpus/connlist-requests/ (a missing file fails under CI=true; locally it
 * is written — review it before committing; UPDATE_GOLDEN=1 rewrites them all).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { CONNLIST_FORMATS, formatConnlist } from '../../src/connlist/formats.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'connlist-requests');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function golden(name: string, text: string): void {
  const path = join(dir, name);
  if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
  if (update || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('connlist with request-level AuthorizationPolicies: golden files', () => {
  const loaded = objectsFromYaml(readFileSync(join(dir, 'bookinfo.yaml'), 'utf8'), 'bookinfo.yaml');
  const lines = connlist(connlistInputFromManifests(loaded).input);
  for (const format of CONNLIST_FORMATS) {
    it(`bookinfo.yaml as ${format}`, () => {
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      golden(`bookinfo.${format}`, formatConnlist(lines, format));
    });
  }
});
