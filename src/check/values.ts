/**
 * Value rules: IP addresses and CIDRs (src/address/validate.ts), ports, Kubernetes
 * label keys and values, object names (apimachinery validation).
 */
import { validateCidr, validateIp, type ParsedCidr, type ParsedIp } from '../address/validate.js';
import type { Addr, Num } from '../syntax/ast.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, type Ctx } from './context.js';



/** The address, or undefined after reporting why it is not one. */
export function checkIp(ctx: Ctx, a: Addr, what = 'address'): ParsedIp | undefined {
  const r = validateIp(a.text);
  if (typeof r !== 'string') return r;
  error(ctx, DIAG.invalidAddress, a.span, message(DIAG.invalidAddress, { what, text: a.text }), { label: r, expected: 'an IPv4 address like 10.0.0.1 or an IPv6 address like fd00::1' });
  return undefined;
}

/** The canonical CIDR, or undefined after reporting; host bits set is a warning, not an error. */
export function checkCidr(ctx: Ctx, a: Addr, what = 'CIDR'): ParsedCidr | undefined {
  const r = validateCidr(a.text);
  if (typeof r === 'string') {
    error(ctx, DIAG.invalidAddress, a.span, message(DIAG.invalidAddress, { what, text: a.text }), { label: r, expected: 'a CIDR like 10.0.0.0/16' });
    return undefined;
  }
  if (r.hostBits) {
    warn(ctx, DIAG.hostBitsSet, a.span, message(DIAG.hostBitsSet, { what, text: a.text }), {
      label: `the network is ${r.cidr.text}`,
      help: `write \`${r.cidr.text}\``,
    });
  }
  return r.cidr;
}

/** True when the number is a valid port (1-65535); reports otherwise. */
export function checkPort(ctx: Ctx, n: Num, what = 'port'): boolean {
  if (Number.isInteger(n.value) && n.value >= 1 && n.value <= 65535) return true;
  error(ctx, DIAG.portRange, n.span, message(DIAG.portRange, { what, port: n.text }), { label: 'not a port number', expected: 'a number from 1 to 65535' });
  return false;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `s` is not a DNS-1123 label (namespaces, hostnames), or undefined. */
export function dns1123LabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'at most 63 characters';
  if (!DNS1123_LABEL.test(s)) return "lower-case letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}

/** Why `s` is not a DNS-1035 label (Service names), or undefined. */
export function dns1035LabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'at most 63 characters';
  if (!DNS1035_LABEL.test(s)) return "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
  return undefined;
}

/** Why `s` is not a DNS-1123 subdomain (pods, nodes, label key prefixes), or undefined. */
export function dns1123SubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return 'at most 253 characters';
  if (!s.split('.').every((p) => DNS1123_LABEL.test(p))) return "dot-separated parts of lower-case letters, digits and '-', each starting and ending with a letter or digit";
  return undefined;
}

/** Why `key` is not a valid label key (optional DNS-subdomain prefix + "/" + name of ≤ 63), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix === '') return 'the prefix before "/" is empty';
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `the prefix must be a DNS subdomain (${p})`;
  }
  if (name === '') return 'the name part is empty';
  if (name.length > 63) return 'the name part has at most 63 characters';
  if (!QUALIFIED_NAME.test(name)) return "the name part is letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why `value` is not a valid label value (empty, or ≤ 63 of the qualified-name charset), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'at most 63 characters';
  if (!QUALIFIED_NAME.test(value)) return "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}
