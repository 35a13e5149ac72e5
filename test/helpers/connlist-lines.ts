/** connlist's text lines for one in-memory manifest file, as loadManifestFiles would return it (the file must read without errors). */
import { expect } from 'vitest';
import { formatConnlistText } from '../../src/connlist/connlist.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { objectsFromYaml } from '../../src/manifests/index.js';

export function connlistLines(yaml: string): string[] {
  const loaded = { ...objectsFromYaml(yaml, 'm.yaml'), files: ['m.yaml'], texts: [yaml], skipped: [] };
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { input } = connlistInputFromManifests(loaded);
  return formatConnlistText(connlist(input)).split('\n').filter(Boolean);
}
