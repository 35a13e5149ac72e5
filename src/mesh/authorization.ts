/**
 * Istio authorization at the destination's sidecar: which AuthorizationPolicies apply to a
 * workload and whether they let a connection (TCP) or a request (HTTP) through.
 *
 * Specification (Istio documentation; the citations are its pages):
 * - Only a workload with a sidecar enforces policies (sidecar.ts); a pod without one accepts
 *   everything its NetworkPolicies let through. Only TCP is intercepted by the sidecar's iptables
 *   redirection, so UDP and SCTP never meet a policy
 *   (https://istio.io/latest/docs/ops/deployment/application-requirements/, "Supported protocols").
 * - Scope (https://istio.io/latest/docs/reference/config/security/authorization-policy/): a policy
 *   applies to the workloads of its namespace matching `selector.matchLabels` (all of them
 *   without a selector); a policy in the root namespace (istio-system) applies to the matching
 *   workloads of every namespace.
 * - Evaluation order (https://istio.io/latest/docs/concepts/security/#implicit-enablement and
 *   "Authorization policy precedence"): CUSTOM, then DENY, then ALLOW. A request matching any
 *   DENY policy is denied. If the workload has no ALLOW policy the request is allowed; if it has
 *   one, the request must match some ALLOW policy's rule or it is denied. AUDIT policies only
 *   mark requests for logging and never change the verdict. (CUSTOM policies are not read: the
 *   reader skips them with a warning.)
 * - Rules: a policy matches when one of its rules matches; a rule matches when some `from`
 *   source matches (or `from` is absent), some `to` operation matches (or `to` is absent) and
 *   every `when` condition matches: `rules: [{}]` matches everything, `rules: []` (or no rules)
 *   matches nothing, so an ALLOW policy without rules allows nothing ("allow-nothing") and a DENY
 *   policy without rules denies nothing. Within a source or operation every field given must
 *   match: a field with values matches when the attribute matches one of them, a not-field when
 *   it matches none of them; an attribute the connection does not carry matches no value (so a
 *   `principals` field fails and a `notPrincipals` field passes for a plain-text client).
 * - Strings match exactly, or by prefix (`abc*`), suffix (`*abc`) or presence (`*`); hosts
 *   ignore case. ipBlocks match an address or CIDR. Ports are exact.
 * - Attributes (https://istio.io/latest/docs/reference/config/security/conditions/):
 *   `source.principal` and `source.namespace` come from the client's mTLS certificate, so only a
 *   client with a sidecar has them; `source.ip` (ipBlocks) is the peer address the sidecar sees;
 *   `remote.ip` (remoteIpBlocks) is the same address here, as the model adds no trusted
 *   X-Forwarded-For hops; `destination.ip` / `destination.port` are the pod address and port.
 *   `request.headers[…]`, methods, paths, hosts and requestPrincipals exist only in HTTP
 *   requests; `request.auth.*`, `connection.sni` and `experimental.*` are never known to the
 *   model (treated as absent).
 * - TCP (https://istio.io/latest/docs/concepts/security/#authorization-policies-for-tcp-traffic
 *   and the task https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/): HTTP-only
 *   fields cannot be evaluated on a TCP connection. An ALLOW rule using any of them is ignored
 *   (it matches no TCP connection, so TCP is denied unless another rule allows it); in a DENY
 *   (or AUDIT) rule the HTTP-only fields are ignored and the rest of the rule applies, which
 *   denies more, never less.
 * - What the client sees (https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/,
 *   authz-http/): a denied HTTP request gets `403` with the body `RBAC: access denied`; a denied
 *   TCP connection is accepted by the sidecar and then closed (the client sees a reset).
 */
import type { AttributeMatch, AttributeSet, AuthorizationAction, AuthorizationCondition, AuthorizationPolicySpec, AuthorizationRule, OperationField, SourceField } from '../spec/authorization-policy.js';
import type { Labels } from '../spec/types.js';
import { cidrHas, parseAnyCidr } from '../address/ip.js';
import { ROOT_NAMESPACE } from './sidecar.js';

/** The client as the destination's sidecar sees it. */
export interface MeshClient {
  /** The peer address (after any masquerade on the way). */
  readonly ip: string;
  /** From the client's certificate: only when the client has a sidecar (mutual TLS). */
  readonly identity?: { readonly namespace: string; readonly principal: string; readonly serviceAccount: string };
}

/** An HTTP request's attributes, when the connection carries one. */
export interface MeshRequest {
  readonly method: string;
  readonly path: string;
  readonly host: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What reaches a workload's sidecar. */
export interface MeshConnection {
  readonly client: MeshClient;
  readonly destination: { readonly namespace: string; readonly labels: Labels; readonly ip: string };
  readonly port: number;
  /** Absent: a TCP connection (no HTTP attributes). */
  readonly request?: MeshRequest;
}

/** A rule of a policy, as traces name it. */
export interface RuleRef {
  readonly policy: string;
  readonly action: AuthorizationAction;
  /** Index in spec.rules. */
  readonly rule: number;
}

export type MeshVerdict =
  /** No policy applies to the workload: allowed. */
  | { readonly kind: 'no-policy' }
  /** Denied by a matching DENY rule. */
  | { readonly kind: 'denied'; readonly by: RuleRef; readonly audit?: RuleRef }
  /** Denied: the workload has ALLOW policies and none of their rules matches. */
  | { readonly kind: 'not-allowed'; readonly allowPolicies: readonly string[]; readonly audit?: RuleRef }
  /** Allowed: by the ALLOW rule `by`, or (undefined) because the workload has no ALLOW policy. */
  | { readonly kind: 'allowed'; readonly by?: RuleRef; readonly audit?: RuleRef };

export function isAllowed(v: MeshVerdict): boolean {
  return v.kind === 'no-policy' || v.kind === 'allowed';
}

/** The policies that apply to a workload in `namespace` with `labels`. */
export function applicablePolicies(policies: readonly AuthorizationPolicySpec[], namespace: string, labels: Labels): AuthorizationPolicySpec[] {
  return policies.filter((p) => (p.namespace === namespace || p.namespace === ROOT_NAMESPACE) && (p.selector === undefined || Object.entries(p.selector).every(([k, v]) => labels[k] === v)));
}

/** The verdict of the policies on a connection (the destination is assumed to have a sidecar). */
export function authorize(policies: readonly AuthorizationPolicySpec[], c: MeshConnection): MeshVerdict {
  const applying = applicablePolicies(policies, c.destination.namespace, c.destination.labels);
  if (applying.length === 0) return { kind: 'no-policy' };
  const first = (action: AuthorizationAction): RuleRef | undefined => {
    for (const p of applying) {
      if (p.action !== action) continue;
      const i = p.rules.findIndex((r) => ruleMatches(r, action, c));
      if (i >= 0) return { policy: `${p.namespace}/${p.name}`, action, rule: i };
    }
    return undefined;
  };
  const audit = first('AUDIT');
  const withAudit = audit ? { audit } : {};
  const deny = first('DENY');
  if (deny) return { kind: 'denied', by: deny, ...withAudit };
  const allows = applying.filter((p) => p.action === 'ALLOW');
  if (allows.length === 0) return { kind: 'allowed', ...withAudit };
  const allow = first('ALLOW');
  if (allow) return { kind: 'allowed', by: allow, ...withAudit };
  return { kind: 'not-allowed', allowPolicies: allows.map((p) => `${p.namespace}/${p.name}`), ...withAudit };
}

/** Source fields that exist only in HTTP requests. */
const HTTP_SOURCE_FIELDS: ReadonlySet<SourceField> = new Set(['requestPrincipals']);
/** Operation fields that exist only in HTTP requests. */
const HTTP_OPERATION_FIELDS: ReadonlySet<OperationField> = new Set(['hosts', 'methods', 'paths']);

/** Whether a `when` key names an attribute only HTTP requests have. */
export function httpOnlyKey(key: string): boolean {
  return key.startsWith('request.');
}

/** Whether a rule uses any HTTP-only field. */
export function usesHttpFields(rule: AuthorizationRule): boolean {
  return (
    rule.from.some((s) => Object.keys(s).some((f) => HTTP_SOURCE_FIELDS.has(f as SourceField))) ||
    rule.to.some((o) => Object.keys(o).some((f) => HTTP_OPERATION_FIELDS.has(f as OperationField))) ||
    rule.when.some((w) => httpOnlyKey(w.key))
  );
}

function ruleMatches(rule: AuthorizationRule, action: AuthorizationAction, c: MeshConnection): boolean {
  const tcp = c.request === undefined;
  if (tcp && action === 'ALLOW' && usesHttpFields(rule)) return false;
  const fromOk = rule.from.length === 0 || rule.from.some((s) => setMatches(s, (f) => sourceAttribute(f, c), tcp ? HTTP_SOURCE_FIELDS : undefined));
  const toOk = rule.to.length === 0 || rule.to.some((o) => setMatches(o, (f) => operationAttribute(f, c), tcp ? HTTP_OPERATION_FIELDS : undefined));
  const whenOk = rule.when.every((w) => (tcp && httpOnlyKey(w.key)) || conditionMatches(w, c));
  return fromOk && toOk && whenOk;
}

/** An attribute's value and how its values compare. */
interface Attribute {
  readonly value: string | undefined;
  readonly compare: (pattern: string, value: string) => boolean;
}

/** Every field of the set matches; `ignored` fields (HTTP-only ones on TCP) are skipped. */
function setMatches<F extends string>(set: AttributeSet<F>, attribute: (f: F) => Attribute, ignored: ReadonlySet<F> | undefined): boolean {
  for (const f of Object.keys(set) as F[]) {
    if (ignored?.has(f)) continue;
    if (!attributeMatches(set[f]!, attribute(f))) return false;
  }
  return true;
}

function attributeMatches(m: AttributeMatch, a: Attribute): boolean {
  const hit = (p: string): boolean => a.value !== undefined && a.compare(p, a.value);
  if (m.values.length > 0 && !m.values.some(hit)) return false;
  return !m.notValues.some(hit);
}

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*` (any present value). */
export function stringMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const ipMatch = (pattern: string, ip: string): boolean => {
  const cidr = parseAnyCidr(pattern.includes('/') ? pattern : `${pattern}/${pattern.includes(':') ? 128 : 32}`);
  return cidr !== undefined && cidrHas(cidr, ip);
};
const hostMatch = (pattern: string, host: string): boolean => stringMatch(pattern.toLowerCase(), host.toLowerCase());
const exact = (pattern: string, value: string): boolean => pattern === value;

function sourceAttribute(f: SourceField, c: MeshConnection): Attribute {
  switch (f) {
    case 'principals':
      return { value: c.client.identity?.principal, compare: stringMatch };
    case 'namespaces':
      return { value: c.client.identity?.namespace, compare: stringMatch };
    case 'ipBlocks':
    case 'remoteIpBlocks':
      return { value: c.client.ip, compare: ipMatch };
    case 'requestPrincipals':
      return { value: undefined, compare: stringMatch };
    default: {
      const never: never = f;
      throw new Error(`unknown source field ${String(never)}`);
    }
  }
}

function operationAttribute(f: OperationField, c: MeshConnection): Attribute {
  switch (f) {
    case 'ports':
      return { value: String(c.port), compare: exact };
    case 'hosts':
      return { value: c.request?.host, compare: hostMatch };
    case 'methods':
      return { value: c.request?.method, compare: stringMatch };
    case 'paths':
      return { value: c.request?.path, compare: stringMatch };
    default: {
      const never: never = f;
      throw new Error(`unknown operation field ${String(never)}`);
    }
  }
}

function conditionAttribute(key: string, c: MeshConnection): Attribute {
  const id = c.client.identity;
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
      return { value: c.client.ip, compare: ipMatch };
    case 'source.namespace':
      return { value: id?.namespace, compare: stringMatch };
    case 'source.principal':
      return { value: id?.principal, compare: stringMatch };
    case 'source.serviceAccount':
      return { value: id ? `${id.namespace}/${id.serviceAccount}` : undefined, compare: stringMatch };
    case 'destination.ip':
      return { value: c.destination.ip, compare: ipMatch };
    case 'destination.port':
      return { value: String(c.port), compare: exact };
    default: {
      const header = /^request\.headers\[(.+)\]$/.exec(key);
      if (header) return { value: c.request?.headers[header[1]!.toLowerCase()], compare: stringMatch };
      return { value: undefined, compare: stringMatch };
    }
  }
}

function conditionMatches(w: AuthorizationCondition, c: MeshConnection): boolean {
  return attributeMatches(w.match, conditionAttribute(w.key, c));
}

/** A rule as a trace names it: `AuthorizationPolicy ns/name rules[i] (DENY)`. */
export function ruleText(r: RuleRef): string {
  return `AuthorizationPolicy ${r.policy} rules[${r.rule}] (${r.action})`;
}
