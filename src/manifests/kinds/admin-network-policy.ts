/**
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy →
 * their specs, with the API's validation:
 * - cluster-scoped; a BaselineAdminNetworkPolicy must be named `default`;
 * - priority 0–1000 (ANP only, required);
 * - subject: exactly one of `namespaces` (a selector) or `pods` ({namespaceSelector, podSelector});
 * - rules: action Allow/Deny/Pass (Allow/Deny for the baseline), at most 100 per direction,
 *   a non-empty peer list (`from` / `to`), each peer with exactly one field: namespaces or pods,
 *   and in egress also nodes or networks (CIDRs);
 * - ports: each entry exactly one of portNumber {protocol (TCP), port}, portRange {protocol
 *   (TCP), start, end ≥ start} or namedPort; absent ports = every port;
 * - a `pods` peer or subject without podSelector is read as every pod, with a warning.
 */
import type {
  AdminNetworkPolicySpec,
  AdminPolicyAction,
  AdminPolicyPeer,
  AdminPolicyPort,
  AdminPolicyRule,
  AdminPolicySubject,
  BaselineAdminNetworkPolicySpec,
  LabelSelector,
} from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily } from '../../address/api-syntax.js';
import { readLabelSelector } from '../label-selector.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, child, field, invalid, isPortName, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap, LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';
import { assertNever } from '../../spec/never.js';

export const MAX_ADMIN_RULES = 100;
const EVERYTHING: LabelSelector = { matchLabels: {}, matchExpressions: [] };

export function adminNetworkPolicyFromManifest(r: Reader, obj: RawObject): AdminNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (!spec) {
    if (field(obj.map, 'spec') === undefined) report(r, DIAG.missingField, 'error', `${sp}: required field is missing (expected the policy spec)`, obj.map.span);
    return undefined;
  }
  const priorityNode = field(spec, 'priority');
  const priority = priorityNode === undefined ? missing(r, spec, child(sp, 'priority'), 'an integer 0-1000') : asInt(r, priorityNode, child(sp, 'priority'), 0, 1000);
  const subject = readSubject(r, spec, sp);
  const ingress = readRules(r, spec, sp, 'ingress', ['Allow', 'Deny', 'Pass']);
  const egress = readRules(r, spec, sp, 'egress', ['Allow', 'Deny', 'Pass']);
  if (!meta || priority === undefined || !subject || !ingress || !egress) return undefined;
  return { name: meta.name, priority, subject, ingress, egress, span: meta.span };
}

export function baselineAdminNetworkPolicyFromManifest(r: Reader, obj: RawObject): BaselineAdminNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  if (meta && meta.name !== 'default') {
    report(r, DIAG.invalidValue, 'error', `metadata.name: a BaselineAdminNetworkPolicy must be named "default", found ${JSON.stringify(meta.name)}`, meta.span, {
      notes: ['the baseline policy is a cluster singleton'],
    });
    return undefined;
  }
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (!spec) {
    if (field(obj.map, 'spec') === undefined) report(r, DIAG.missingField, 'error', `${sp}: required field is missing (expected the policy spec)`, obj.map.span);
    return undefined;
  }
  const subject = readSubject(r, spec, sp);
  const ingress = readRules(r, spec, sp, 'ingress', ['Allow', 'Deny']);
  const egress = readRules(r, spec, sp, 'egress', ['Allow', 'Deny']);
  if (!meta || !subject || !ingress || !egress) return undefined;
  return { name: meta.name, subject, ingress, egress, span: meta.span };
}

function readSubject(r: Reader, spec: LMap, sp: string): AdminPolicySubject | undefined {
  const path = child(sp, 'subject');
  const node = field(spec, 'subject');
  if (node === undefined) return missing(r, spec, path, 'a subject (namespaces or pods)');
  const m = asMap(r, node, path);
  if (!m) return undefined;
  const chosen = exactlyOne(r, m, path, ['namespaces', 'pods']);
  if (chosen === 'namespaces') {
    const namespaces = readLabelSelector(r, field(m, 'namespaces'), child(path, 'namespaces'));
    return namespaces ? { kind: 'namespaces', namespaces } : undefined;
  }
  if (chosen === 'pods') return readNamespacedPods(r, field(m, 'pods')!, child(path, 'pods'));
  return undefined;
}

function readNamespacedPods(r: Reader, n: LNode, path: string): { kind: 'pods'; namespaces: LabelSelector; pods: LabelSelector } | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const namespaces = readLabelSelector(r, field(m, 'namespaceSelector'), child(path, 'namespaceSelector')) ?? EVERYTHING;
  const podNode = field(m, 'podSelector');
  if (podNode === undefined) {
    report(r, DIAG.approximated, 'warning', `${child(path, 'podSelector')}: missing; read as {} (every pod of the selected namespaces)`, m.span, {
      notes: ['the API requires podSelector here; write `podSelector: {}` to select every pod'],
    });
    return { kind: 'pods', namespaces, pods: EVERYTHING };
  }
  const pods = readLabelSelector(r, podNode, child(path, 'podSelector'));
  return pods ? { kind: 'pods', namespaces, pods } : undefined;
}

/** The one key of `keys` present in `m`, or undefined (reported) when none or several are. */
function exactlyOne<K extends string>(r: Reader, m: LMap, path: string, keys: readonly K[]): K | undefined {
  const present = keys.filter((k) => field(m, k) !== undefined);
  if (present.length === 1) return present[0];
  report(r, DIAG.conflict, 'error', `${path}: exactly one of ${keys.join(', ')} must be set, found ${present.length === 0 ? 'none' : present.join(' and ')}`, m.span);
  return undefined;
}

function readRules(
  r: Reader,
  spec: LMap,
  sp: string,
  direction: 'ingress' | 'egress',
  actions: readonly AdminPolicyAction[],
): AdminPolicyRule[] | undefined {
  const path = child(sp, direction);
  const items = asSeq(r, field(spec, direction), path);
  if (items.length > MAX_ADMIN_RULES) {
    report(r, DIAG.inputTooLarge, 'error', `${path}: at most ${MAX_ADMIN_RULES} rules, found ${items.length}`, field(spec, direction)!.span);
    return undefined;
  }
  const out: AdminPolicyRule[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const rule = readRule(r, item, child(path, i), direction, actions);
    if (rule) out.push(rule);
    else ok = false;
  });
  return ok ? out : undefined;
}

function readRule(r: Reader, n: LNode, path: string, direction: 'ingress' | 'egress', actions: readonly AdminPolicyAction[]): AdminPolicyRule | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const name = asString(r, field(m, 'name'), child(path, 'name')) ?? '';
  const actionNode = field(m, 'action');
  const action = actionNode === undefined ? missing(r, m, child(path, 'action'), `one of ${actions.join(', ')}`) : asEnum(r, actionNode, child(path, 'action'), actions);
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  const peersPath = child(path, peersKey);
  const peerItems = asSeq(r, field(m, peersKey), peersPath);
  if (peerItems.length === 0) {
    report(r, DIAG.missingField, 'error', `${peersPath}: a rule needs at least one peer`, m.span);
    return undefined;
  }
  const peers: AdminPolicyPeer[] = [];
  let ok = true;
  peerItems.forEach((p, i) => {
    const peer = readPeer(r, p, child(peersPath, i), direction);
    if (peer) peers.push(peer);
    else ok = false;
  });
  const portsNode = field(m, 'ports');
  let ports: AdminPolicyPort[] | undefined;
  if (portsNode !== undefined) {
    ports = [];
    asSeq(r, portsNode, child(path, 'ports')).forEach((p, i) => {
      const port = readPort(r, p, child(child(path, 'ports'), i));
      if (port) ports!.push(port);
      else ok = false;
    });
  }
  if (!ok || action === undefined) return undefined;
  return { name, action, peers, ...(ports !== undefined ? { ports } : {}), span: m.span };
}

function readPeer(r: Reader, n: LNode, path: string, direction: 'ingress' | 'egress'): AdminPolicyPeer | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const keys = direction === 'ingress' ? (['namespaces', 'pods'] as const) : (['namespaces', 'pods', 'nodes', 'networks'] as const);
  const chosen = exactlyOne<'namespaces' | 'pods' | 'nodes' | 'networks'>(r, m, path, keys);
  switch (chosen) {
    case undefined:
      return undefined;
    case 'namespaces': {
      const namespaces = readLabelSelector(r, field(m, 'namespaces'), child(path, 'namespaces'));
      return namespaces ? { kind: 'namespaces', namespaces } : undefined;
    }
    case 'pods':
      return readNamespacedPods(r, field(m, 'pods')!, child(path, 'pods'));
    case 'nodes': {
      const nodes = readLabelSelector(r, field(m, 'nodes'), child(path, 'nodes'));
      return nodes ? { kind: 'nodes', nodes } : undefined;
    }
    case 'networks': {
      const np = child(path, 'networks');
      const cidrs: string[] = [];
      let ok = true;
      asSeq(r, field(m, 'networks'), np).forEach((c, i) => {
        const s = asString(r, c, child(np, i));
        if (s === undefined) ok = false;
        else if (cidrFamily(s) === undefined) ok = invalid(r, c, child(np, i), 'a CIDR such as 10.0.0.0/16') ?? false;
        else cidrs.push(s);
      });
      if (ok && cidrs.length === 0) {
        report(r, DIAG.missingField, 'error', `${np}: needs at least one CIDR`, m.span);
        return undefined;
      }
      return ok ? { kind: 'networks', cidrs } : undefined;
    }
    default:
      return assertNever(chosen);
  }
}

function readPort(r: Reader, n: LNode, path: string): AdminPolicyPort | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const chosen = exactlyOne(r, m, path, ['portNumber', 'portRange', 'namedPort'] as const);
  switch (chosen) {
    case undefined:
      return undefined;
    case 'namedPort': {
      const node = field(m, 'namedPort')!;
      const name = asString(r, node, child(path, 'namedPort'));
      if (name === undefined) return undefined;
      return isPortName(name) ? { kind: 'named', name } : invalid(r, node, child(path, 'namedPort'), 'a port name');
    }
    case 'portNumber': {
      const pp = child(path, 'portNumber');
      const pm = asMap(r, field(m, 'portNumber'), pp);
      if (!pm) return undefined;
      const protocol = asEnum(r, field(pm, 'protocol'), child(pp, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
      const portNode = field(pm, 'port');
      if (portNode === undefined) return missing(r, pm, child(pp, 'port'), 'an integer 1-65535');
      const port = asInt(r, portNode, child(pp, 'port'), 1, 65535);
      return port === undefined ? undefined : { kind: 'number', protocol, port };
    }
    case 'portRange': {
      const rp = child(path, 'portRange');
      const rm = asMap(r, field(m, 'portRange'), rp);
      if (!rm) return undefined;
      const protocol = asEnum(r, field(rm, 'protocol'), child(rp, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
      const startNode = field(rm, 'start');
      const endNode = field(rm, 'end');
      if (startNode === undefined) return missing(r, rm, child(rp, 'start'), 'an integer 1-65535');
      if (endNode === undefined) return missing(r, rm, child(rp, 'end'), 'an integer 1-65535');
      const start = asInt(r, startNode, child(rp, 'start'), 1, 65535);
      const end = asInt(r, endNode, child(rp, 'end'), 1, 65535);
      if (start === undefined || end === undefined) return undefined;
      if (end < start) {
        report(r, DIAG.conflict, 'error', `${child(rp, 'end')}: must be at least start (${start}), found ${end}`, endNode.span);
        return undefined;
      }
      return { kind: 'range', protocol, start, end };
    }
    default:
      return assertNever(chosen);
  }
}

