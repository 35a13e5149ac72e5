/**
 * DNS expectations over a resolver answer. Address comparisons read the A/AAAA answers (after
 * any CNAME chain the resolver followed); sets compare as sets, order-free.
 */
import ipaddr from 'ipaddr.js';
import type { DnsExpect } from '../check/scenario.js';
import type { DnsResult } from '../net/types.js';
import { assertNever } from '../spec/never.js';

export interface DnsVerdict {
  readonly passed: boolean;
  readonly message: string;
}

export function addressAnswers(dns: DnsResult): readonly string[] {
  return dns.answers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => a.value);
}

function normName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function describeAnswer(dns: DnsResult): string {
  if (dns.rcode === 'NXDOMAIN') return 'NXDOMAIN';
  if (dns.answers.length === 0) return 'no answer (NOERROR, empty)';
  return dns.answers.map((a) => `${a.type} ${a.value}`).join(', ');
}

export function inCidr(ip: string, cidr: string): boolean {
  try {
    const addr = ipaddr.parse(ip);
    const [net, bits] = ipaddr.parseCIDR(cidr);
    return addr.kind() === net.kind() && addr.match(net, bits);
  } catch {
    return false;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const norm = (xs: readonly string[]) => [...new Set(xs.map(normAddr))].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function normAddr(ip: string): string {
  try {
    return ipaddr.parse(ip).toNormalizedString();
  } catch {
    return ip;
  }
}

/**
 * `expectedAddresses` is what `address of X` means in this state (see Engine.addressesOf);
 * undefined when X does not exist.
 */
export function evaluateResolve(dns: DnsResult, expect: DnsExpect, expectedAddresses?: readonly string[]): DnsVerdict {
  const got = describeAnswer(dns);
  const ok = (message: string): DnsVerdict => ({ passed: true, message });
  const fail = (want: string): DnsVerdict => ({ passed: false, message: `expected ${want}, got ${got}` });
  const addrs = addressAnswers(dns);
  switch (expect.kind) {
    case 'nxdomain':
      return dns.rcode === 'NXDOMAIN' ? ok('NXDOMAIN') : fail('NXDOMAIN');
    case 'no-records':
      return dns.rcode === 'NOERROR' && dns.answers.length === 0 ? ok('NOERROR, no records of that type') : fail('no records (the name exists, NOERROR)');
    case 'address-in': {
      const want = `an address in ${expect.cidr}`;
      if (dns.rcode !== 'NOERROR' || addrs.length === 0) return fail(want);
      const outside = addrs.find((a) => !inCidr(a, expect.cidr));
      return outside === undefined ? ok(`${addrs.join(', ')} in ${expect.cidr}`) : { passed: false, message: `expected ${want}, got ${outside} (outside it)${addrs.length > 1 ? ` among ${addrs.join(', ')}` : ''}` };
    }
    case 'addresses': {
      const want = expect.ips.join(', ');
      return dns.rcode === 'NOERROR' && sameSet(addrs, expect.ips) ? ok(want) : fail(`exactly ${want}`);
    }
    case 'address-of': {
      const t = expect.target;
      const name = 'namespace' in t ? `${t.kind === 'service' ? 'svc' : t.kind} ${t.namespace}/${t.name}` : t.kind;
      if (expectedAddresses === undefined) return { passed: false, message: `expected the address of ${name}, which does not exist in this step` };
      if (expectedAddresses.length === 0) return { passed: false, message: `expected the address of ${name}, which has no address (got ${got})` };
      const want = `the address of ${name} (${expectedAddresses.join(', ')})`;
      return dns.rcode === 'NOERROR' && sameSet(addrs, expectedAddresses) ? ok(want) : fail(want);
    }
    case 'cname': {
      const hit = dns.answers.some((a) => a.type === 'CNAME' && normName(a.value) === normName(expect.name));
      return hit ? ok(`CNAME ${expect.name}`) : fail(`CNAME ${expect.name}`);
    }
    case 'srv': {
      const hit = dns.answers.some((a) => a.type === 'SRV' && Number(a.value.trim().split(/\s+/)[2]) === expect.port);
      return hit ? ok(`SRV port ${expect.port}`) : fail(`an SRV record with port ${expect.port}`);
    }
    default:
      return assertNever(expect);
  }
}
