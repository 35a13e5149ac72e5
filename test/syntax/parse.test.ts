import { describe, expect, it } from 'vitest';
import { describeExpected, parseFile, MAX_FILE_LINES } from '../../src/syntax/parse.js';

const cluster = (body: string): string => `cluster c {\n  node n1 ip 10.0.0.1\n${body}}\n`;

describe('parseFile', () => {
  it('returns the AST and no diagnostic for a valid file', () => {
    const r = parseFile(cluster('  pod a on n1\n'), 'ok.netscn');
    expect(r.diagnostics).toEqual([]);
    expect(r.ast?.kind).toBe('File');
  });

  it('reports every bad line, not only the first', () => {
    const text = cluster('  pod a on n1 lables x=y\n  pod b on n1 ports 80 ->\n') + 'from pod a reech pod b expect allow\n';
    const r = parseFile(text, 'bad.netscn');
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.span.start.line])).toEqual([
      ['NS0001', 3],
      ['NS0001', 4],
      ['NS0001', 6],
    ]);
  });

  it('says what was found and what was expected, with a near-miss keyword', () => {
    const [d] = parseFile(cluster('  pod a on n1 lables x=y\n'), 'f').diagnostics;
    expect(d?.message).toBe('unexpected `x`');
    expect(d?.span.start).toMatchObject({ line: 3, column: 22 });
    expect(d?.expected).toMatch(/^a clause \(.*labels.*\) or end of line$/);
    expect(d?.help).toBe('did you mean `labels`?');
  });

  it('suggests from the word at the error too', () => {
    const [d] = parseFile(cluster('') + 'from pod a reech pod b expect allow\n', 'f').diagnostics;
    expect(d?.help).toBe('did you mean `reach`?');
  });

  it('offers no suggestion when no keyword is close', () => {
    const [d] = parseFile(cluster('') + 'from pod a zzzzzz pod b expect allow\n', 'f').diagnostics;
    expect(d?.help).toBeUndefined();
  });

  it('skips the lines of a yaml block when looking for bad lines', () => {
    const text = cluster('  yaml """\n this: is { not netscn\n"""\n  pod a on n1 lables x=y\n');
    const r = parseFile(text, 'f');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.span.start.line).toBe(6);
  });

  it('falls back to the whole-file error when every line is fine alone (unclosed block)', () => {
    const r = parseFile('cluster c {\n  node n1 ip 10.0.0.1\n', 'f');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.message).toBe('unexpected end of file');
    expect(r.diagnostics[0]?.notes).toContain('the `{` on line 1 is never closed');
  });

  it('names the block a block-only line belongs in', () => {
    const r = parseFile(cluster('  select app=web\n'), 'f');
    expect(r.diagnostics[0]?.notes?.[0]).toMatch(/only valid inside a `network-policy/);
  });

  it('bounds the work on huge inputs with a single diagnostic', () => {
    const r = parseFile('\n'.repeat(MAX_FILE_LINES + 1), 'big');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.code).toBe('NS0002');
  });

  it('parses `dns-service namespace/name` as one setting value', () => {
    const r = parseFile(cluster('  dns-service kube-system/coredns\n'), 'f');
    const stmt = r.ast?.items[0]?.kind === 'Cluster' ? r.ast.items[0].body[1] : undefined;
    expect(stmt).toMatchObject({ kind: 'Setting', values: [{ kind: 'Word', value: 'kube-system/coredns' }] });
  });
});

describe('describeExpected', () => {
  it('turns literals, classes and end of line into words', () => {
    expect(describeExpected([{ type: 'literal', text: 'reach' }, { type: 'literal', text: 'resolve' }])).toBe('`reach` or `resolve`');
    expect(describeExpected([{ type: 'class', parts: [['0', '9']], inverted: false }, { type: 'other', description: 'comment' }])).toBe('a number or end of line');
    expect(describeExpected([{ type: 'literal', text: '->' }])).toBe('`->`');
  });
});
