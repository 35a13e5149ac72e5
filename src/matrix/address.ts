/**
 * Pod addresses and ipBlocks prepared for repeated matching: IPv4 as 32-bit numbers, anything
 * else through the evaluator's ipBlock matcher. Same answers as `ipBlockContains`.
 */
import ipaddr from 'ipaddr.js';
import { ipBlockContains } from '../policy/ip-block.js';
import type { IPBlock } from '../spec/types.js';

/** An address: its text, and its IPv4 value when it is a valid IPv4 address (else -1). */
export interface Address {
  readonly text: string;
  readonly v4: number;
}

interface V4Net {
  readonly net: number;
  readonly mask: number;
}

export interface PreparedBlock {
  readonly block: IPBlock;
  /** Set when the cidr and every except are valid IPv4 CIDRs; an unparsable except disables the fast path. */
  readonly v4?: { readonly cidr: V4Net; readonly except: readonly V4Net[] };
}

/** Canonical dotted-quad IPv4 (no leading zeros) as a number, else -1. */
function dottedQuad(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text.charCodeAt(i) : 46;
    if (ch === 46) {
      if (digits === 0 || part > 255 || parts === 4) return -1;
      value = value * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (ch >= 48 && ch <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (ch - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

export function parseAddress(text: string): Address {
  const quad = dottedQuad(text);
  if (quad >= 0) return { text, v4: quad };
  // Only digits and dots can be a four-part decimal: other text (a pod given no address) is rejected at once.
  if (/^[\d.]+$/.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const b = ipaddr.IPv4.parse(text).octets;
    return { text, v4: ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 };
  }
  return { text, v4: -1 };
}

function v4Net(cidr: string): V4Net | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== 'ipv4') return undefined;
  const b = (addr as ipaddr.IPv4).octets;
  const value = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { net: (value & mask) >>> 0, mask };
}

export function prepareBlock(block: IPBlock): PreparedBlock {
  const cidr = v4Net(block.cidr);
  const except = block.except.map(v4Net);
  const allV4 = except.every((e) => e !== undefined) && block.except.every((e) => ipaddr.isValidCIDR(e));
  return {
    block,
    ...(cidr !== undefined && allV4 ? { v4: { cidr, except: except as V4Net[] } } : {}),
  };
}

export function blockContains(p: PreparedBlock, a: Address): boolean {
  if (p.v4 !== undefined && a.v4 >= 0) {
    const inNet = (n: V4Net): boolean => ((a.v4 & n.mask) >>> 0) === n.net;
    return inNet(p.v4.cidr) && !p.v4.except.some(inNet);
  }
  return ipBlockContains(p.block, a.text);
}

/** Addresses by position: the IPv4 ones sorted by value, and the others (IPv6, unparsable). */
export interface AddressOrder {
  readonly v4: readonly number[];
  readonly other: readonly number[];
}

export function addressOrder(addresses: readonly Address[]): AddressOrder {
  const v4: number[] = [];
  const other: number[] = [];
  addresses.forEach((a, i) => (a.v4 >= 0 ? v4 : other).push(i));
  v4.sort((x, y) => (addresses[x] as Address).v4 - (addresses[y] as Address).v4);
  return { v4, other };
}

/**
 * For each address, the indexes (ascending) of the blocks that contain it, or undefined when
 * none does: what `blockContains` answers for every pair, found per block among the IPv4
 * addresses in its cidr's range (`order`, sorted once per set of addresses) instead of testing
 * every address against every block. Blocks or addresses off the IPv4 fast path are tested pair
 * by pair.
 */
export function containingBlocks(blocks: readonly PreparedBlock[], addresses: readonly Address[], order: AddressOrder = addressOrder(addresses)): (number[] | undefined)[] {
  const out: (number[] | undefined)[] = new Array<number[] | undefined>(addresses.length).fill(undefined);
  const add = (i: number, b: number): void => {
    const list = out[i];
    if (list === undefined) out[i] = [b];
    else list.push(b);
  };
  const { v4, other } = order;
  /** The first position in `v4` whose address is at least `value`. */
  const lowerBound = (value: number): number => {
    let lo = 0;
    let hi = v4.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((addresses[v4[mid] as number] as Address).v4 < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  blocks.forEach((p, b) => {
    if (p.v4 === undefined) {
      addresses.forEach((a, i) => blockContains(p, a) && add(i, b));
      return;
    }
    const first = p.v4.cidr.net >>> 0;
    const last = (first | ~p.v4.cidr.mask) >>> 0;
    for (let k = lowerBound(first); k < v4.length; k++) {
      const i = v4[k] as number;
      const a = addresses[i] as Address;
      if (a.v4 > last) break;
      if (blockContains(p, a)) add(i, b);
    }
    for (const i of other) if (blockContains(p, addresses[i] as Address)) add(i, b);
  });
  return out;
}
