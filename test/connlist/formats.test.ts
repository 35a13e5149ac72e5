/** The output formats of a connectivity list. */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/connlist/connlist.js';
import { formatConnlist } from '../../src/connlist/formats.js';
import { ALL_CONNECTIONS } from '../../src/connlist/protocol-space.js';

const conns: Connection[] = [
  { src: 'b/y[Pod]', dst: 'a/x[Deployment]', conns: new Map([['TCP', [[80, 80]]], ['UDP', [[53, 53]]]]) },
  {
    src: '0.0.0.0-255.255.255.255[External]',
    dst: 'a/x[Deployment]',
    conns: ALL_CONNECTIONS,
  },
];

describe('formatConnlist', () => {
  it('txt: netpol-analyzer lines, sorted', () => {
    expect(formatConnlist(conns, 'txt')).toBe(
      '0.0.0.0-255.255.255.255[External] => a/x[Deployment] : All Connections\nb/y[Pod] => a/x[Deployment] : TCP 80,UDP 53\n',
    );
  });

  it('json and csv: one record per connection, the connection set as text (quoted when it has a comma)', () => {
    expect(JSON.parse(formatConnlist(conns, 'json'))).toEqual([
      { src: '0.0.0.0-255.255.255.255[External]', dst: 'a/x[Deployment]', conn: 'All Connections' },
      { src: 'b/y[Pod]', dst: 'a/x[Deployment]', conn: 'TCP 80,UDP 53' },
    ]);
    expect(formatConnlist(conns, 'csv').split('\n')).toEqual([
      'src,dst,conn',
      '0.0.0.0-255.255.255.255[External],a/x[Deployment],All Connections',
      'b/y[Pod],a/x[Deployment],"TCP 80,UDP 53"',
      '',
    ]);
  });

  it('md, dot and mermaid: a table row or an edge per connection', () => {
    expect(formatConnlist(conns, 'md')).toContain('| b/y[Pod] | a/x[Deployment] | TCP 80,UDP 53 |');
    expect(formatConnlist(conns, 'dot')).toContain('  "b/y[Pod]" -> "a/x[Deployment]" [label="TCP 80,UDP 53"];');
    const mermaid = formatConnlist(conns, 'mermaid').split('\n');
    expect(mermaid[0]).toBe('graph LR');
    expect(mermaid).toContain('  n0["0.0.0.0-255.255.255.255[External]"]');
    expect(mermaid).toContain('  n2 -->|"TCP 80,UDP 53"| n1');
  });
});
