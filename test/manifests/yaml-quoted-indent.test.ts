import { describe, expect, it } from 'vitest';
import { parseYaml, type LMap, type LNode } from '../../src/manifests/yaml-tree.js';
import { originalOffset, reindentQuotedContinuations } from '../../src/manifests/yaml-quoted-indent.js';

const entry = (n: LNode | undefined, key: string): LNode | undefined => (n?.kind === 'map' ? (n as LMap).entries.find((e) => e.key === key)?.value : undefined);

// A NetworkAttachmentDefinition as the Multus documentation's readers write it: the closing
// `}'` at the column of `config`, which YAML 1.2 forbids and kubectl (go-yaml) accepts.
const NAD = [
  'apiVersion: k8s.cni.cncf.io/v1',
  'kind: NetworkAttachmentDefinition',
  'metadata:',
  '  name: macvlan',
  'spec:',
  "  config: '{",
  '    "cniVersion": "0.3.1",',
  '    "type": "macvlan"',
  "  }'",
  '  after: here',
  '',
].join('\n');

const WELL_INDENTED = NAD.replace("\n  }'", "\n   }'");

describe('quoted scalars continued on under-indented lines', () => {
  it('read as kubectl reads them: the same value as the well-indented text, with a located warning', () => {
    const ok = parseYaml(WELL_INDENTED, 'nad.yaml');
    expect(ok.diagnostics).toEqual([]);
    const res = parseYaml(NAD, 'nad.yaml');
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const config = entry(entry(res.documents[0], 'spec'), 'config');
    expect(config).toMatchObject({ kind: 'scalar', value: '{ "cniVersion": "0.3.1", "type": "macvlan" }' });
    expect(config).toEqual({ ...entry(entry(ok.documents[0], 'spec'), 'config'), span: config?.span });
    const [w] = res.diagnostics;
    expect(w).toMatchObject({ code: 'NS0102', severity: 'warning', span: { start: { line: 6, column: 11 } } });
    expect(w?.message).toContain('line 9');
    expect(w?.help).toContain('at least 3 spaces');
  });

  it('keeps positions of the file: a node after the indented line is where the file has it', () => {
    const res = parseYaml(NAD, 'nad.yaml');
    const after = entry(entry(res.documents[0], 'spec'), 'after');
    const at = NAD.indexOf('here');
    expect(after?.span.start).toEqual({ offset: at, line: 10, column: 10 });
  });

  it('reads double-quoted scalars, CRLF line ends and scalars under sequence items the same way', () => {
    const text = 'items:\r\n- name: a\r\n  value: "one\r\n two\r\n  "\r\n- "x\r\ny"\r\n';
    const res = parseYaml(text, 'x.yaml');
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(res.diagnostics.filter((d) => d.code === 'NS0102')).toHaveLength(2);
    const items = entry(res.documents[0], 'items');
    expect(items?.kind === 'seq' && items.items.map((i) => (i.kind === 'scalar' ? i.value : entry(i, 'value')?.kind === 'scalar' ? (entry(i, 'value') as { value: unknown }).value : undefined))).toEqual(['one two ', 'x y']);
  });

  it('leaves other errors as the YAML parser reports them', () => {
    // Never closed.
    expect(parseYaml("a:\n  b: 'open\n  c: 1\n", 'x.yaml').diagnostics.some((d) => d.code === 'NS0101')).toBe(true);
    // A document marker inside the scalar: libyaml refuses it too.
    expect(parseYaml("a: 'x\n---\ny'\n", 'x.yaml').diagnostics.some((d) => d.code === 'NS0101')).toBe(true);
    // Under-indented, and another error besides: the file is not read.
    const both = parseYaml("a:\n  b: 'x\n  y'\n  c: [\n", 'x.yaml');
    expect(both.diagnostics.some((d) => d.code === 'NS0101')).toBe(true);
  });

  it('is not fooled by quotes in block scalars, comments or plain scalars', () => {
    const text = "a: |\n  it's\n  'here\nb: don't # it's\n# 'x\nc: 'q\nd'\n";
    const r = reindentQuotedContinuations(text);
    expect(r?.scalars).toEqual([{ start: text.indexOf("'q"), lines: [7], lineOffsets: [text.indexOf("\nd'") + 1], minIndent: 1 }]);
    expect(r?.text).toBe(text.replace("\nd'", "\n d'"));
  });

  it('maps offsets of the indented text back to the file', () => {
    const r = reindentQuotedContinuations(NAD)!;
    const inserted = NAD.indexOf("  }'");
    expect(originalOffset(r, 0)).toBe(0);
    expect(originalOffset(r, inserted)).toBe(inserted);
    expect(originalOffset(r, inserted + 1)).toBe(inserted);
    expect(originalOffset(r, inserted + 1 + 2)).toBe(inserted + 2);
    expect(originalOffset(r, r.text.length)).toBe(NAD.length);
  });

  it('does nothing to text that needs nothing', () => {
    expect(reindentQuotedContinuations(WELL_INDENTED)).toBeUndefined();
    expect(reindentQuotedContinuations("a: 'one line'\n")).toBeUndefined();
  });
  it('names the lines of the file when the YAML is embedded further down in it', () => {
    // The text as a `yaml """` block hands it over: dedented by 4, starting at line 5 of the file.
    const res = parseYaml(NAD, 'lab.netscn', { offset: 120, line: 5, column: 5 }, 4);
    const [w] = res.diagnostics;
    expect(w?.message).toContain('line 13');
    expect(w?.span.start).toMatchObject({ line: 10, column: 15 });
  });
});
