/** docs/diagnostics.md is exactly what `npm run docs:diagnostics` writes from the catalogue now. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/diag/catalogue.js';
import { catalogueMarkdown } from '../../src/diag/explain-code.js';

describe('docs/diagnostics.md', () => {
  it('is current (regenerate it with npm run docs:diagnostics)', () => {
    expect(readFileSync('docs/diagnostics.md', 'utf8')).toBe(catalogueMarkdown());
  });

  it('has a section for every code', () => {
    const sections = [...catalogueMarkdown().matchAll(/^## (NS\d{4})$/gm)].map((m) => m[1]);
    expect(sections).toEqual(CATALOGUE.map((e) => e.code));
  });
});
