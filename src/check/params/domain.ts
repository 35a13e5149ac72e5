/**
 * A parameter's domain as a numbered list of values: `count` values, the i-th given by `at(i)`
 * (0 ≤ i < count), in the order the declaration implies (a list as written, a range upwards,
 * subnets by address). Validating a declaration (an empty or repeating domain, a value that is
 * not of the domain's kind) yields the problems instead, each at its place.
 */
import { formatIpv4, formatIpv6, parseCidr, parseCidr6 } from '../../address/ip.js';
import type { ParamDecl, Span } from '../../syntax/ast.js';
import { assertNever } from '../../spec/never.js';
import { labelValueProblem } from '../values.js';

/** The values of a valid domain. */
export interface Domain {
  readonly count: bigint;
  readonly at: (i: bigint) => string;
  /** The domain in words, for notes (`one of web, shop`, `8000-8999`, `a /24 of 10.0.0.0/8`). */
  readonly text: string;
  /** Values ascend with their index (ranges by number, subnets by address); a list is as written. */
  readonly ordered: boolean;
}

/** Why a declaration has no valid domain. */
export type DomainProblem =
  /** The domain holds no value, or a value twice. */
  | { readonly kind: 'empty-or-repeated'; readonly problem: string; readonly span: Span }
  /** A value the domain lists or bounds is not of the domain's kind. */
  | { readonly kind: 'value-outside'; readonly value: string; readonly why: string; readonly span: Span };

const MAX_PORT = 65535;

export function domainOf(decl: ParamDecl): Domain | DomainProblem {
  const d = decl.domain;
  switch (d.kind) {
    case 'ParamChoose':
    case 'ParamLabel': {
      const seen = new Set<string>();
      for (const v of d.values) {
        if (seen.has(v.value)) return { kind: 'empty-or-repeated', problem: `\`${v.value}\` is listed twice`, span: v.span };
        seen.add(v.value);
        const bad = d.kind === 'ParamLabel' ? labelValueProblem(v.value) : undefined;
        if (bad !== undefined) return { kind: 'value-outside', value: v.value, why: `a label value is ${bad}`, span: v.span };
      }
      const values = d.values.map((v) => v.value);
      return { count: BigInt(values.length), at: (i) => values[Number(i)]!, text: `one of ${values.join(', ')}`, ordered: false };
    }
    case 'ParamRange':
    case 'ParamPort': {
      const from = d.range.from.value;
      const to = d.range.to.value;
      if (d.kind === 'ParamPort') {
        for (const bound of [d.range.from, d.range.to]) {
          if (bound.value < 1 || bound.value > MAX_PORT) return { kind: 'value-outside', value: bound.text, why: `a port is 1-${MAX_PORT}`, span: bound.span };
        }
      }
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) return { kind: 'value-outside', value: d.range.to.text, why: `an integer is at most ${Number.MAX_SAFE_INTEGER}`, span: d.range.span };
      if (from > to) return { kind: 'empty-or-repeated', problem: `the range ${from}-${to} is empty (its start is above its end)`, span: d.range.span };
      return { count: BigInt(to - from + 1), at: (i) => String(from + Number(i)), text: `${from}-${to}`, ordered: true };
    }
    case 'ParamSubnet':
      return subnetDomain(d.block.text, d.block.span, d.size.value, d.size.span);
    default:
      return assertNever(d);
  }
}

function subnetDomain(block: string, blockSpan: Span, size: number, sizeSpan: Span): Domain | DomainProblem {
  const v4 = parseCidr(block);
  const v6 = v4 ? undefined : parseCidr6(block);
  if (!v4 && !v6) return { kind: 'value-outside', value: block, why: 'the block of `subnet of` is an IPv4 or IPv6 CIDR', span: blockSpan };
  const canonical = v4 ? v4.text : v6!.text;
  if (canonical !== block) return { kind: 'value-outside', value: block, why: `the block has host bits set; its network is ${canonical}`, span: blockSpan };
  const prefix = v4 ? v4.prefix : v6!.prefix;
  const bits = v4 ? 32 : 128;
  if (size < prefix || size > bits) return { kind: 'empty-or-repeated', problem: `a subnet of ${block} has a size of ${prefix} to ${bits}, not ${size}`, span: sizeSpan };
  const count = 1n << BigInt(size - prefix);
  const step = 1n << BigInt(bits - size);
  const text = `a /${size} of ${block}`;
  if (v4) return { count, at: (i) => `${formatIpv4(v4.base + Number(i * step))}/${size}`, text, ordered: true };
  return { count, at: (i) => `${formatIpv6(v6!.base + i * step)}/${size}`, text, ordered: true };
}

/** Whether `value` is one of the domain's values (for values given on the command line). */
export function domainHolds(d: Domain, value: string): boolean {
  if (!d.ordered) {
    for (let i = 0n; i < d.count; i++) if (d.at(i) === value) return true;
    return false;
  }
  // Ranges and subnets ascend: a binary search over the index finds a value or its gap.
  return searchOrdered(d, value);
}

function searchOrdered(d: Domain, value: string): boolean {
  const key = orderKey(value);
  if (key === undefined) return false;
  let lo = 0n;
  let hi = d.count - 1n;
  while (lo <= hi) {
    const mid = (lo + hi) / 2n;
    const v = d.at(mid);
    const k = orderKey(v)!;
    if (v === value) return true;
    if (k < key) lo = mid + 1n;
    else hi = mid - 1n;
  }
  return false;
}

/** An integer, or a CIDR's network address as an integer: the order of a range's or subnet domain's values. */
function orderKey(value: string): bigint | undefined {
  if (/^\d+$/.test(value)) return BigInt(value);
  const v4 = parseCidr(value);
  if (v4) return BigInt(v4.base);
  return parseCidr6(value)?.base;
}
