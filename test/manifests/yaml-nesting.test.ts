import { describe, expect, it } from 'vitest';
import { loadSeeds } from '../../src/fuzz/seeds.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { MAX_BLOCK_PREFIX, MAX_FLOW_DEPTH, MAX_LINE_KEYS, yamlNestingProblem } from '../../src/manifests/yaml-nesting.js';

describe('yamlNestingProblem', () => {
  it('passes every manifest of the repository', () => {
    for (const s of loadSeeds(process.cwd()).manifests) expect(yamlNestingProblem(s.text), s.file).toBeUndefined();
  });

  it('refuses flow collections nested deeper than the bound, at the first bracket over it', () => {
    const ok = `a: ${'['.repeat(MAX_FLOW_DEPTH)}${']'.repeat(MAX_FLOW_DEPTH)}\n`;
    expect(yamlNestingProblem(ok)).toBeUndefined();
    expect(yamlNestingProblem(`a: ${'{'.repeat(MAX_FLOW_DEPTH + 1)}`)).toEqual({ message: 'YAML nested deeper than netscn reads: more than 200 open `[` or `{`', offset: 3 + MAX_FLOW_DEPTH });
  });

  it('counts brackets as YAML sees them: not in quoted scalars or comments, but after an apostrophe inside a word or a `#` that starts no comment', () => {
    const deep = '['.repeat(MAX_FLOW_DEPTH + 1);
    expect(yamlNestingProblem(`a: "${deep}"\nb: '${deep}'\n# ${deep}\n`)).toBeUndefined();
    expect(yamlNestingProblem(`a: it's\nb: ${deep}`)).toBeDefined();
    expect(yamlNestingProblem(`a: [x#, ${deep}`)).toBeDefined();
  });

  it('refuses deep block nesting: long prefixes of `- ` and many `key: ` on one line', () => {
    expect(yamlNestingProblem(`${'- '.repeat(MAX_BLOCK_PREFIX / 2)}x`)).toBeUndefined();
    expect(yamlNestingProblem(`${'- '.repeat(MAX_BLOCK_PREFIX / 2 + 1)}x`)?.message).toMatch(/more than 1000 characters of indentation/);
    expect(yamlNestingProblem(`${'k: '.repeat(MAX_LINE_KEYS + 1)}v`)?.message).toMatch(/more than 200 `key: ` chained on one line/);
    expect(yamlNestingProblem(`{"a": ${'"n": '.repeat(MAX_LINE_KEYS)}"v"}`)?.message).toMatch(/chained on one line/);
    expect(yamlNestingProblem(`{"a":${'"n":'.repeat(MAX_LINE_KEYS)}"v"}`)?.message).toMatch(/chained on one line/);
    // In a flow collection `key: ` nests nothing: a one-line JSON object may have any number.
    expect(yamlNestingProblem(`{${Array.from({ length: 500 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`)).toBeUndefined();
  });

  it('is reported by the manifest reader at its line and column, before the YAML parser runs', () => {
    const r = objectsFromYaml(`apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(5000)}`, 'm.yaml');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ code: 'NS0103', span: { file: 'm.yaml', start: { line: 3, column: 207 } } }]);
  });
});
