/**
 * security.istio.io/v1 (and v1beta1) AuthorizationPolicy → AuthorizationPolicySpec, validated as
 * Istio's validating webhook does (https://istio.io/latest/docs/reference/config/security/authorization-policy/):
 * - `action` is ALLOW (the default), DENY, AUDIT or CUSTOM; a CUSTOM policy needs an external
 *   authorizer, which the model has not: it is skipped with a warning;
 * - `selector.matchLabels` only (the API has no matchExpressions); `targetRef`/`targetRefs`
 *   (waypoints and gateways) are not simulated: the policy is skipped with a warning;
 * - a `from` entry needs a non-empty `source`, a `to` entry a non-empty `operation`; a `when`
 *   condition needs a key Istio knows and `values` or `notValues`;
 * - ports are integers 0-65535 written as strings (or numbers); ipBlocks are addresses or CIDRs;
 * - an unknown field is an error naming the fields the object has.
 */
import type {
  AttributeMatch, AttributeSet, AuthorizationAction, AuthorizationCondition, AuthorizationPolicySpec, AuthorizationRule, OperationField, SourceField,
} from '../../spec/authorization-policy.js';
import { DIAG } from '../../diag/catalogue.js';
import { didYouMean } from '../../diag/suggest.js';
import { cidrFamily, ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asMap, asSeq, asString, asStringMap, child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap, LNode } from '../yaml-tree.js';

const ACTIONS: readonly AuthorizationAction[] = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];

/** Each source field with its negated form, as the API spells them. */
const SOURCE_FIELDS: Readonly<Record<SourceField, string>> = {
  principals: 'notPrincipals',
  requestPrincipals: 'notRequestPrincipals',
  namespaces: 'notNamespaces',
  ipBlocks: 'notIpBlocks',
  remoteIpBlocks: 'notRemoteIpBlocks',
};

const OPERATION_FIELDS: Readonly<Record<OperationField, string>> = {
  hosts: 'notHosts',
  ports: 'notPorts',
  methods: 'notMethods',
  paths: 'notPaths',
};

/** The `when` keys Istio accepts (exact), and those taking a `[name]` suffix. */
const CONDITION_KEYS: readonly string[] = [
  'source.ip', 'remote.ip', 'source.namespace', 'source.principal', 'source.serviceAccount', 'destination.ip', 'destination.port', 'connection.sni',
  'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter',
];
const CONDITION_PREFIXES: readonly string[] = ['request.headers[', 'request.auth.claims[', 'experimental.envoy.filters.'];

export function authorizationPolicyFromManifest(r: Reader, obj: RawObject): AuthorizationPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['selector', 'targetRef', 'targetRefs', 'action', 'provider', 'rules']);
  const action = asEnum(r, field(spec, 'action'), child(sp, 'action'), ACTIONS) ?? 'ALLOW';
  const selMap = asMap(r, field(spec, 'selector'), child(sp, 'selector'));
  if (selMap) unknownFields(r, selMap, child(sp, 'selector'), ['matchLabels']);
  const selector = selMap ? asStringMap(r, field(selMap, 'matchLabels'), child(child(sp, 'selector'), 'matchLabels')) : undefined;
  const rp = child(sp, 'rules');
  const rules = asSeq(r, field(spec, 'rules'), rp).flatMap((n, i) => {
    const rule = readRule(r, n, child(rp, i));
    return rule ? [rule] : [];
  });
  if (!meta || !spec && field(obj.map, 'spec') !== undefined) return undefined;
  const target = field(spec, 'targetRef') ?? field(spec, 'targetRefs');
  if (target) {
    report(r, DIAG.approximated, 'warning', `${sp}: a policy attached by targetRef (a waypoint or gateway) is not simulated; skipped`, target.span);
    return undefined;
  }
  if (action === 'CUSTOM') {
    report(r, DIAG.approximated, 'warning', `${child(sp, 'action')}: CUSTOM delegates to an external authorizer, which the model does not have; the policy is skipped`, field(spec, 'action')!.span);
    return undefined;
  }
  if (field(spec, 'provider') !== undefined) {
    report(r, DIAG.conflict, 'error', `${child(sp, 'provider')}: only a CUSTOM policy names a provider`, field(spec, 'provider')!.span);
    return undefined;
  }
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    ...(selector !== undefined ? { selector } : {}),
    action,
    rules,
    span: meta.span,
  };
}

function readRule(r: Reader, n: LNode, path: string): AuthorizationRule | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['from', 'to', 'when']);
  const fp = child(path, 'from');
  const from = asSeq(r, field(m, 'from'), fp).flatMap((x, i) => {
    const s = readSet(r, x, child(fp, i), 'source', SOURCE_FIELDS);
    return s ? [s] : [];
  });
  const tp = child(path, 'to');
  const to = asSeq(r, field(m, 'to'), tp).flatMap((x, i) => {
    const s = readSet(r, x, child(tp, i), 'operation', OPERATION_FIELDS);
    return s ? [s] : [];
  });
  const wp = child(path, 'when');
  const when = asSeq(r, field(m, 'when'), wp).flatMap((x, i) => {
    const c = readCondition(r, x, child(wp, i));
    return c ? [c] : [];
  });
  return { from, to, when };
}

/** A `from` item's `source` or a `to` item's `operation`. */
function readSet<F extends string>(r: Reader, n: LNode, path: string, key: 'source' | 'operation', fields: Readonly<Record<F, string>>): AttributeSet<F> | undefined {
  const item = asMap(r, n, path);
  if (!item) return undefined;
  unknownFields(r, item, path, [key]);
  const kp = child(path, key);
  const m = asMap(r, field(item, key), kp);
  if (!m) {
    if (field(item, key) === undefined) report(r, DIAG.missingField, 'error', `${kp}: required field is missing (expected the ${key}'s fields)`, item.span, { expected: `a ${key}` });
    return undefined;
  }
  const names = Object.keys(fields) as F[];
  const unknown = unknownFields(r, m, kp, names.flatMap((f) => [f, fields[f]]));
  const out: { [K in F]?: AttributeMatch } = {};
  for (const f of names) {
    const values = readValues(r, m, kp, f);
    const notValues = readValues(r, m, kp, fields[f]);
    if (values.length > 0 || notValues.length > 0) out[f] = { values, notValues };
  }
  const nothingWritten = m.entries.every((e) => e.value.kind === 'seq' && e.value.items.length === 0);
  if (Object.keys(out).length === 0 && unknown === 0 && nothingWritten) {
    report(r, DIAG.missingField, 'error', `${kp}: must not be empty (Istio refuses a ${key} with no field set)`, m.span, { expected: names.join(', ') });
    return undefined;
  }
  return out;
}

/** The strings of one list field, each checked for its field's syntax. */
function readValues(r: Reader, m: LMap, path: string, key: string): string[] {
  const p = child(path, key);
  return asSeq(r, field(m, key), p).flatMap((item, i) => {
    const ip = child(p, i);
    const s = item.kind === 'scalar' && typeof item.value === 'number' ? String(item.value) : asString(r, item, ip);
    if (s === undefined) return [];
    const problem = valueProblem(key, s);
    if (problem) {
      report(r, DIAG.invalidValue, 'error', `${ip}: expected ${problem}, found "${s}"`, item.span, { expected: problem });
      return [];
    }
    return [s];
  });
}

function valueProblem(key: string, s: string): string | undefined {
  if (key === 'ports' || key === 'notPorts') return /^\d{1,5}$/.test(s) && Number(s) <= 65535 ? undefined : 'a port number 0-65535';
  if (/ipblocks$/i.test(key)) return ipFamily(s) !== undefined || cidrFamily(s) !== undefined ? undefined : 'an IP address or CIDR';
  return undefined;
}

function readCondition(r: Reader, n: LNode, path: string): AuthorizationCondition | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['key', 'values', 'notValues']);
  const keyNode = field(m, 'key');
  const key = asString(r, keyNode, child(path, 'key'));
  if (keyNode === undefined) report(r, DIAG.missingField, 'error', `${child(path, 'key')}: required field is missing (expected an attribute name)`, m.span, { expected: 'an attribute name' });
  const values = readValues(r, m, path, 'values');
  const notValues = readValues(r, m, path, 'notValues');
  if (key === undefined) return undefined;
  if (!CONDITION_KEYS.includes(key) && !CONDITION_PREFIXES.some((p) => key.startsWith(p) && (!p.endsWith('[') || key.endsWith(']')))) {
    const near = didYouMean(key, CONDITION_KEYS);
    report(r, DIAG.invalidValue, 'error', `${child(path, 'key')}: unknown attribute "${key}"`, keyNode!.span, {
      expected: 'an attribute of https://istio.io/latest/docs/reference/config/security/conditions/',
      ...(near ? { help: near } : {}),
    });
    return undefined;
  }
  if (values.length === 0 && notValues.length === 0) {
    report(r, DIAG.missingField, 'error', `${path}: a condition needs \`values\` or \`notValues\``, m.span, { expected: 'values or notValues' });
    return undefined;
  }
  if (key === 'destination.port') for (const v of [...values, ...notValues]) if (valueProblem('ports', v)) report(r, DIAG.invalidValue, 'error', `${path}: expected a port number 0-65535, found "${v}"`, m.span);
  return { key, match: { values, notValues } };
}

/** Reports every key of `m` not in `known`, with the nearest known one; how many there were. */
export function unknownFields(r: Reader, m: LMap, path: string, known: readonly string[]): number {
  let n = 0;
  for (const e of m.entries) {
    if (known.includes(e.key)) continue;
    n++;
    const near = didYouMean(e.key, known);
    report(r, DIAG.invalidValue, 'error', `${child(path, e.key)}: unknown field "${e.key}"`, e.keySpan, {
      expected: `one of ${known.join(', ')}`,
      ...(near ? { help: near } : {}),
    });
  }
  return n;
}
