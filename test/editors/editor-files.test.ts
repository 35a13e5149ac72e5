/**
 * The editor files beside the grammar: every snippet, expanded with its default choices, is
 * valid and already formatted .netscn; the language configuration's indentation rules open a
 * block on a line ending in `{` and close it on `}`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/fmt/format.js';

interface Snippet {
  readonly prefix: string;
  readonly body: readonly string[];
}
const snippets = JSON.parse(readFileSync('editors/vscode/snippets/netscn.json', 'utf8')) as Record<string, Snippet>;
const config = JSON.parse(readFileSync('editors/vscode/language-configuration.json', 'utf8')) as {
  comments: { lineComment: string };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
};

/** A snippet body as VS Code inserts it when every placeholder keeps its default. */
function expand(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

/** Statements of a cluster block are checked inside one. */
const IN_CLUSTER = new Set(['node', 'pod', 'service', 'network-policy']);

describe('snippets', () => {
  it('cover the cluster skeleton, node, pod, service, policy, assertion, change assertion, step and task', () => {
    expect(Object.values(snippets).map((s) => s.prefix).sort()).toEqual(['cluster', 'expect', 'from', 'network-policy', 'node', 'pod', 'service', 'step', 'task']);
  });
  for (const [name, s] of Object.entries(snippets)) {
    it(`${name} expands to formatted .netscn`, () => {
      const text = expand(s.body.join('\n')).replace(/\n*$/, '\n');
      expect(text).not.toMatch(/\$/);
      const file = IN_CLUSTER.has(s.prefix) ? `cluster c {\n${text.replace(/^(?=.)/gm, '  ')}}\n` : text;
      const r = formatSource(file, `${s.prefix}.netscn`);
      expect(r).toEqual({ ok: true, text: file.replace(/^[ \t]+$/gm, '') });
    });
  }
});

describe('language configuration', () => {
  it('comments with #, indents after { and outdents at }', () => {
    expect(config.comments.lineComment).toBe('#');
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(['cluster lab {', 'step "a b" {  # x', '  table via clusterip port 80 {'].every((l) => increase.test(l))).toBe(true);
    expect(['pod a labels app=web', 'allow ingress from pods {}', '}'].some((l) => increase.test(l))).toBe(false);
    expect(decrease.test('  }')).toBe(true);
    expect(decrease.test('  pod a')).toBe(false);
  });
});
