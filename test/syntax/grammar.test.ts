import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/generated/parser.js';

describe('grammar', () => {
  it('parses the reach assertion exactly as written in the brief', () => {
    const file = parse(
      'cluster c {\n  node n1 ip 10.0.0.1\n}\nfrom pod a reach svc b via nodeport expect allow\n',
      { grammarSource: 'x.netscn' },
    );
    const item = file.items[1];
    expect(item?.kind).toBe('Reach');
    if (item?.kind !== 'Reach') return;
    expect(item.source).toMatchObject({ kind: 'PodRef', name: { name: 'a' } });
    expect(item.target).toMatchObject({ kind: 'SvcRef', name: { name: 'b' } });
    expect(item.via?.value).toBe('nodeport');
    expect(item.expect.outcome).toBe('allow');
    expect(item.span.start).toMatchObject({ line: 4, column: 1 });
    expect(item.span.file).toBe('x.netscn');
  });
});
