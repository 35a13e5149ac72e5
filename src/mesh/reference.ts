/**
 * The naive reference of Istio authorization, written straight from the documentation's words
 * (the specification is in authorization.ts' header) and sharing no code with the evaluator, so
 * the property test (test/mesh/agreement.property.test.ts) can catch a bug in either:
 * "If there are any DENY policies that match the request, deny the request. If there are no
 * ALLOW policies for the workload, allow the request. If any of the ALLOW policies match the
 * request, allow the request. Deny the request."
 * (https://istio.io/latest/docs/concepts/security/#authorization-policy-precedence, CUSTOM left out).
 * Addresses are matched by the NetworkPolicy reference's own matcher (policy/ip-block.ts).
 */
import type { AttributeMatch, AuthorizationPolicySpec, AuthorizationRule } from '../spec/authorization-policy.js';
import { cidrContains } from '../policy/ip-block.js';
import type { MeshConnection } from './authorization.js';

/** Every attribute of the connection, by the name the API gives its field (`when` keys too); undefined: absent. */
function attributes(c: MeshConnection): (name: string) => string | undefined {
  const tcp = c.request === undefined;
  const table: Record<string, string | undefined> = {
    principals: c.client.identity?.principal,
    'source.principal': c.client.identity?.principal,
    namespaces: c.client.identity?.namespace,
    'source.namespace': c.client.identity?.namespace,
    'source.serviceAccount': c.client.identity ? `${c.client.identity.namespace}/${c.client.identity.serviceAccount}` : undefined,
    ipBlocks: c.client.ip,
    remoteIpBlocks: c.client.ip,
    'source.ip': c.client.ip,
    'remote.ip': c.client.ip,
    'destination.ip': c.destination.ip,
    ports: `${c.port}`,
    'destination.port': `${c.port}`,
    methods: tcp ? undefined : c.request.method,
    paths: tcp ? undefined : c.request.path,
    hosts: tcp ? undefined : c.request.host.toLowerCase(),
  };
  return (name) => {
    if (name in table) return table[name];
    const header = name.match(/^request\.headers\[(.*)\]$/);
    if (header && !tcp) return c.request.headers[header[1]!.toLowerCase()];
    return undefined;
  };
}

const ADDRESS_FIELDS = ['ipBlocks', 'remoteIpBlocks', 'source.ip', 'remote.ip', 'destination.ip'];
const HTTP_ONLY = ['requestPrincipals', 'methods', 'paths', 'hosts'];

function valueMatches(field: string, pattern: string, value: string): boolean {
  if (ADDRESS_FIELDS.includes(field)) return cidrContains(pattern.includes('/') ? pattern : pattern.includes(':') ? `${pattern}/128` : `${pattern}/32`, value);
  if (field === 'ports' || field === 'destination.port') return pattern === value;
  const p = field === 'hosts' ? pattern.toLowerCase() : pattern;
  if (p === '*') return value.length > 0;
  if (p.startsWith('*')) return value.endsWith(p.substring(1));
  if (p.endsWith('*')) return value.startsWith(p.substring(0, p.length - 1));
  return p === value;
}

function fieldMatches(field: string, m: AttributeMatch, value: string | undefined): boolean {
  const any = (list: readonly string[]): boolean => value !== undefined && list.some((p) => valueMatches(field, p, value));
  return (m.values.length === 0 || any(m.values)) && !any(m.notValues);
}

/** Whether the rule matches; on TCP an ALLOW rule naming an HTTP-only field never does, other rules drop those fields. */
function ruleMatches(rule: AuthorizationRule, allowRule: boolean, c: MeshConnection): boolean {
  const tcp = c.request === undefined;
  const get = attributes(c);
  const httpOnly = (name: string): boolean => HTTP_ONLY.includes(name) || name.startsWith('request.');
  const named = [...rule.from.flatMap((s) => Object.keys(s)), ...rule.to.flatMap((o) => Object.keys(o)), ...rule.when.map((w) => w.key)];
  if (tcp && allowRule && named.some(httpOnly)) return false;
  const setOk = (set: Readonly<Record<string, AttributeMatch | undefined>>): boolean =>
    Object.entries(set).every(([name, m]) => m === undefined || (tcp && httpOnly(name)) || fieldMatches(name, m, get(name)));
  if (rule.from.length > 0 && !rule.from.some(setOk)) return false;
  if (rule.to.length > 0 && !rule.to.some(setOk)) return false;
  return rule.when.every((w) => (tcp && httpOnly(w.key)) || fieldMatches(w.key, w.match, get(w.key)));
}

export function referenceAuthorized(policies: readonly AuthorizationPolicySpec[], c: MeshConnection): boolean {
  const dst = c.destination;
  const mine = policies.filter(
    (p) => (p.namespace === dst.namespace || p.namespace === 'istio-system') && Object.keys(p.selector ?? {}).every((k) => dst.labels[k] === p.selector![k]),
  );
  const matches = (p: AuthorizationPolicySpec): boolean => p.rules.some((r) => ruleMatches(r, p.action === 'ALLOW', c));
  if (mine.some((p) => p.action === 'DENY' && matches(p))) return false;
  const allows = mine.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0) return true;
  return allows.some(matches);
}
