/**
 * networking.k8s.io/v1 NetworkPolicy → NetworkPolicySpec, normalised:
 * - policyTypes absent or empty ⇒ [Ingress], plus Egress iff the policy has an egress rule;
 * - port protocol defaults to TCP; a port is a number or a named container port; endPort
 *   needs a numeric port and endPort ≥ port;
 * - a peer holds ipBlock alone, or podSelector and/or namespaceSelector; `except` entries must
 *   lie strictly inside `cidr`;
 * - podSelector absent ⇒ {} (every pod of the namespace).
 * A policy with an error anywhere is left out whole, as the API server refuses it whole (its
 * validation, pkg/apis/networking/validation, fails the object): keeping the rest would widen a
 * rule — a rule whose only peer or port could not be read would admit every peer or port.
 */
import type { IPBlock, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily, cidrStrictlyInside } from '../../address/api-syntax.js';
import { readLabelSelector } from '../label-selector.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, child, field, invalid, isPortName, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

export function networkPolicyFromManifest(r: Reader, obj: RawObject): NetworkPolicySpec | undefined {
  const mark = r.diags.length;
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  const podSelector = readLabelSelector(r, field(spec, 'podSelector'), child(sp, 'podSelector')) ?? { matchLabels: {}, matchExpressions: [] };
  const ingress = readRules(r, field(spec, 'ingress'), child(sp, 'ingress'), 'from');
  const egress = readRules(r, field(spec, 'egress'), child(sp, 'egress'), 'to');
  const ptPath = child(sp, 'policyTypes');
  const given: ('Ingress' | 'Egress')[] = [];
  asSeq(r, field(spec, 'policyTypes'), ptPath).forEach((t, i) => {
    const v = asEnum(r, t, child(ptPath, i), ['Ingress', 'Egress'] as const);
    if (v !== undefined && !given.includes(v)) given.push(v);
  });
  const policyTypes: ('Ingress' | 'Egress')[] =
    given.length > 0 ? (['Ingress', 'Egress'] as const).filter((t) => given.includes(t)) : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  if (!meta) return undefined;
  if (leftOutForErrors(r, mark)) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', podSelector, policyTypes, ingress, egress, span: meta.span };
}

/** Whether an error was reported since `mark`; if so its first one says that the policy is left out. */
function leftOutForErrors(r: Reader, mark: number): boolean {
  const i = r.diags.findIndex((d, j) => j >= mark && d.severity === 'error');
  if (i < 0) return false;
  const d = r.diags[i]!;
  r.diags[i] = { ...d, notes: [...(d.notes ?? []), 'the NetworkPolicy is left out: the API server refuses the whole object'] };
  return true;
}

function readRules(r: Reader, n: LNode | undefined, path: string, peersKey: 'from' | 'to'): NetworkPolicyRule[] {
  const out: NetworkPolicyRule[] = [];
  asSeq(r, n, path).forEach((item, i) => {
    const p = child(path, i);
    // `- {}` and a bare `-` both mean "everything".
    const m = item.kind === 'scalar' && item.value === null ? undefined : asMap(r, item, p);
    if (!m && !(item.kind === 'scalar' && item.value === null)) return;
    const peers: NetworkPolicyPeer[] = [];
    asSeq(r, field(m, peersKey), child(p, peersKey)).forEach((peer, j) => {
      const x = readPeer(r, peer, child(child(p, peersKey), j));
      if (x) peers.push(x);
    });
    const ports: NetworkPolicyPort[] = [];
    asSeq(r, field(m, 'ports'), child(p, 'ports')).forEach((port, j) => {
      const x = readPort(r, port, child(child(p, 'ports'), j));
      if (x) ports.push(x);
    });
    out.push({ peers, ports, span: item.span });
  });
  return out;
}

function readPeer(r: Reader, n: LNode, path: string): NetworkPolicyPeer | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const podSelector = readLabelSelector(r, field(m, 'podSelector'), child(path, 'podSelector'));
  const namespaceSelector = readLabelSelector(r, field(m, 'namespaceSelector'), child(path, 'namespaceSelector'));
  const ipNode = field(m, 'ipBlock');
  const ipBlock = ipNode ? readIpBlock(r, ipNode, child(path, 'ipBlock')) : undefined;
  if (ipNode && (podSelector || namespaceSelector)) {
    report(r, DIAG.conflict, 'error', `${path}: ipBlock may not be combined with podSelector or namespaceSelector in one peer`, m.span, {
      help: 'write them as separate list items (peers are OR-ed)',
    });
    return undefined;
  }
  if (!ipNode && !podSelector && !namespaceSelector) {
    report(r, DIAG.missingField, 'error', `${path}: a peer needs podSelector, namespaceSelector or ipBlock`, m.span);
    return undefined;
  }
  if (ipNode && !ipBlock) return undefined;
  return { ...(podSelector ? { podSelector } : {}), ...(namespaceSelector ? { namespaceSelector } : {}), ...(ipBlock ? { ipBlock } : {}) };
}

function readIpBlock(r: Reader, n: LNode, path: string): IPBlock | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const cidrNode = field(m, 'cidr');
  if (cidrNode === undefined) return missing(r, m, child(path, 'cidr'), 'a CIDR');
  const cidr = asString(r, cidrNode, child(path, 'cidr'));
  if (cidr === undefined) return undefined;
  if (cidrFamily(cidr) === undefined) return invalid(r, cidrNode, child(path, 'cidr'), 'a CIDR such as 10.0.0.0/16');
  const except: string[] = [];
  let ok = true;
  asSeq(r, field(m, 'except'), child(path, 'except')).forEach((e, i) => {
    const ep = child(child(path, 'except'), i);
    const s = asString(r, e, ep);
    if (s === undefined) return void (ok = false);
    if (cidrFamily(s) === undefined) return void (ok = invalid(r, e, ep, 'a CIDR') ?? false);
    if (!cidrStrictlyInside(s, cidr)) {
      report(r, DIAG.conflict, 'error', `${ep}: ${s} must lie strictly inside cidr ${cidr}`, e.span);
      ok = false;
      return;
    }
    except.push(s);
  });
  return ok ? { cidr, except } : undefined;
}

function readPort(r: Reader, n: LNode, path: string): NetworkPolicyPort | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const protocol = asEnum(r, field(m, 'protocol'), child(path, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
  const portNode = field(m, 'port');
  let port: number | string | undefined;
  if (portNode !== undefined) {
    if (portNode.kind === 'scalar' && typeof portNode.value === 'string') {
      if (!isPortName(portNode.value)) return invalid(r, portNode, child(path, 'port'), 'an integer 1-65535 or a port name');
      port = portNode.value;
    } else {
      port = asInt(r, portNode, child(path, 'port'), 1, 65535);
      if (port === undefined) return undefined;
    }
  }
  const endNode = field(m, 'endPort');
  const endPort = asInt(r, endNode, child(path, 'endPort'), 1, 65535);
  if (endNode !== undefined && endPort === undefined) return undefined;
  if (endPort !== undefined) {
    if (typeof port !== 'number') {
      report(r, DIAG.conflict, 'error', `${child(path, 'endPort')}: needs a numeric port`, endNode!.span, {
        notes: [port === undefined ? 'port is absent' : `port is the named port ${JSON.stringify(port)}`],
      });
      return undefined;
    }
    if (endPort < port) {
      report(r, DIAG.conflict, 'error', `${child(path, 'endPort')}: must be at least port (${port}), found ${endPort}`, endNode!.span);
      return undefined;
    }
  }
  return { protocol, ...(port !== undefined ? { port } : {}), ...(endPort !== undefined ? { endPort } : {}) };
}
