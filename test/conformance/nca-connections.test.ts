/** NCA connection strings → the normalised set, netscn's connections → the same form, and the pieces NCA prints a set as. */
import { describe, expect, it } from 'vitest';
import { connSetPieces, connSetText, fromConnlist, parseConnections, portList, union, type ConnSet } from '../../src/conformance/nca-connections.js';
import type { Connections } from '../../src/connlist/connlist.js';

const text = (s: string, section: 'all' | 'tcp' | 'non-tcp' = 'all'): string => connSetText(parseConnections(s, section));

describe('NCA connection strings', () => {
  it('All connections is every port of TCP, UDP and SCTP and every other protocol', () => {
    expect(text('All connections')).toBe('TCP 1-65535; UDP 1-65535; SCTP 1-65535; others all');
  });

  it('cubes: protocols × destination ports, comma-joined lists inside a dimension', () => {
    expect(text('{protocols:TCP, UDP,dst_ports:53}')).toBe('TCP 53; UDP 53; others none');
    expect(text('{protocols:TCP,dst_ports:53-54,70}')).toBe('TCP 53-54,70; others none');
    expect(text('{protocols:TCP, UDP, SCTP}')).toBe('TCP 1-65535; UDP 1-65535; SCTP 1-65535; others none');
    expect(text('{protocols:TCP,dst_ports:80},{protocols:TCP,dst_ports:81-90},{protocols:UDP,dst_ports:53}')).toBe('TCP 80-90; UDP 53; others none');
  });

  it('other protocols: all of them, none, or something in between (ICMP only, a type of ICMP)', () => {
    expect(text('{protocols:ICMP}')).toBe('others some');
    expect(text('{protocols:ICMP,icmp_type:105,icmp_code:54}')).toBe('others some');
    expect(text('{protocols:all but TCP}')).toBe('UDP 1-65535; SCTP 1-65535; others all');
    expect(text('{protocols:all but TCP, ICMP}')).toBe('UDP 1-65535; SCTP 1-65535; others some');
    // Ports restricted with no protocol named: the port-less protocols' part is not decidable.
    expect(text('{dst_ports:30,50}')).toBe('TCP 30,50; UDP 30,50; SCTP 30,50; others some');
  });

  it('All but: the complement of the cubes within the section', () => {
    expect(text('All but {protocols:TCP}')).toBe('UDP 1-65535; SCTP 1-65535; others all');
    expect(text('All but {protocols:TCP,dst_ports:1-79,81-65535},{protocols:UDP, SCTP}')).toBe('TCP 80; others all');
  });

  it('dimensions netscn has no notion of are kept as marks', () => {
    expect(text('{protocols:UDP,src_ports:80-100,dst_ports:1-10052,10054-65535}')).toBe('UDP 1-10052,10054-65535; others none; restricts src_ports');
    // Methods and paths restrict requests on the TCP ports: compared once settled (nca-requests.ts).
    expect(text('{dst_ports:3550,methods:POST,paths:/a, /b}', 'tcp')).toBe('others none; HTTP requests (unsettled)');
  });

  it('Istio sections: a cube without protocols is its section, All connections too', () => {
    expect(text('All connections', 'tcp')).toBe('TCP 1-65535; others none');
    expect(text('{dst_ports:8080}', 'tcp')).toBe('TCP 8080; others none');
    expect(text('All connections', 'non-tcp')).toBe('UDP 1-65535; SCTP 1-65535; others all');
    expect(text('{protocols:UDP,dst_ports:53}', 'non-tcp')).toBe('UDP 53; others none');
  });

  it('refuses what is not NCA syntax', () => {
    expect(() => parseConnections('TCP 80', 'all')).toThrow(/cubes/);
    expect(() => parseConnections('{ports:80}', 'all')).toThrow(/dimension/);
    expect(() => portList('0-5')).toThrow(/port range/);
  });
});

describe("netscn's connections in the same form", () => {
  const conns = (entries: [string, [number, number][]][]): Connections => new Map(entries) as Connections;

  it("the other protocols are connlist's ICMP and other-protocol dimensions: all, none, or marked when in part", () => {
    const ports: [string, [number, number][]][] = [
      ['TCP', [[1, 65535]]],
      ['UDP', [[1, 65535]]],
      ['SCTP', [[1, 65535]]],
    ];
    const icmp: [string, [number, number][]] = ['ICMP', [[0, 65535]]];
    const ip: [string, [number, number][]] = ['IP', [[0, 0], [2, 5], [7, 16], [18, 57], [59, 131], [133, 255]]];
    expect(connSetText(fromConnlist(conns([...ports, icmp, ip]), 'all'))).toBe(text('All connections'));
    // Every port of the three, no other protocol: a rule listing its ports (NCA's `{protocols:TCP, UDP, SCTP}`).
    expect(connSetText(fromConnlist(conns(ports), 'all'))).toBe(text('{protocols:TCP, UDP, SCTP}'));
    expect(connSetText(fromConnlist(conns([['TCP', [[1, 100], [101, 65535]]], ['UDP', [[1, 65535]]], ['SCTP', [[1, 65535]]], icmp, ip]), 'all'))).toBe(text('All connections'));
    expect(connSetText(fromConnlist(conns([['UDP', [[1, 65535]]], ['SCTP', [[1, 65535]]], icmp, ip]), 'all'))).toBe(text('All but {protocols:TCP}'));
    // ICMP type 8 only: part of the other protocols, which this form cannot state.
    expect(connSetText(fromConnlist(conns([['ICMP', [[8 * 256, 8 * 256 + 255]]]]), 'all'))).toBe('others none; restricts ICMP types or other protocols in part');
  });

  it('split into the Istio sections', () => {
    const c = conns([
      ['TCP', [[80, 80]]],
      ['UDP', [[53, 53]]],
    ]);
    expect(connSetText(fromConnlist(c, 'tcp'))).toBe('TCP 80; others none');
    expect(connSetText(fromConnlist(c, 'non-tcp'))).toBe('UDP 53; others none');
  });
});

describe('pieces: one per cube NCA prints', () => {
  const pieces = (s: string, ignoreOthers = false): string[] => connSetPieces(parseConnections(s, 'all'), 'all', ignoreOthers);

  it('protocols with equal ports form one piece, other protocols another', () => {
    expect(pieces('{protocols:TCP,dst_ports:11-16},{protocols:UDP,dst_ports:11-16,21}')).toEqual(['TCP 11-16', 'UDP 11-16,21']);
    expect(pieces('{protocols:TCP, UDP,dst_ports:53}')).toEqual(['TCP,UDP 53']);
    expect(pieces('All connections')).toEqual(['All connections']);
    expect(pieces('All but {protocols:TCP}')).toEqual(['UDP,SCTP 1-65535', 'others all']);
  });

  it('a set printed on two lines has the pieces of the set on one', () => {
    const two = [...pieces('{protocols:TCP,dst_ports:80}'), ...pieces('{protocols:UDP,dst_ports:53}')];
    const one: ConnSet = union(parseConnections('{protocols:TCP,dst_ports:80}', 'all'), parseConnections('{protocols:UDP,dst_ports:53}', 'all'));
    expect(connSetPieces(one, 'all')).toEqual(two);
  });

  it('leaving the other protocols out keeps the modelled part only', () => {
    expect(pieces('All connections', true)).toEqual(['TCP,UDP,SCTP 1-65535']);
    expect(pieces('{protocols:ICMP}', true)).toEqual([]);
  });
});
