/**
 * cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy → their specs
 * (spec/cilium.ts), with Cilium's validation (pkg/policy/api rule_validation.go, and the CRD
 * schema kubectl validates against; semantics in policy/cilium.ts's header):
 * - a CiliumNetworkPolicy is namespaced (default `default`), a CiliumClusterwideNetworkPolicy not;
 *   either has `spec` (one rule), `specs` (a list) or both (rules in that order), and at least one;
 * - each rule has an `endpointSelector` (a label selector; `k8s:` and `any:` key prefixes are
 *   dropped, `reserved:` keys select no pod: warned) or a `nodeSelector` (a host policy: not
 *   modelled, the rule is left out with a warning);
 * - `ingress`, `ingressDeny`, `egress`, `egressDeny`: lists of rules, an empty list reading as
 *   none; `enableDefaultDeny` {ingress, egress} booleans;
 * - a rule's peers: from/toEndpoints (label selectors), from/toEntities (Cilium's entities,
 *   NS2121 with a did-you-mean), from/toCIDR (CIDRs), from/toCIDRSet ({cidr, except}, each except
 *   inside its cidr), toFQDNs (egress allow rules only: matchName / matchPattern, NS2124 when the
 *   policy has no DNS rule); `toPorts` [{ports: [{port, endPort, protocol}], rules: {http, dns}}]
 *   with `port` a number 0-65535 (as a string or a number) or a port name, protocol TCP, UDP,
 *   SCTP or ANY (the default), endPort not below port; HTTP rules' method, path and host regular
 *   expressions (NS2122), headers "Name" or "Name: value" and headerMatches {name, value}; DNS
 *   rules matchName / matchPattern. Deny rules take no `rules` and no toFQDNs (Cilium refuses L7
 *   in deny policies);
 * - an unknown field of a rule is an error (NS2120, did-you-mean), as kubectl's strict validation.
 * - toServices entries: `k8sService` {serviceName, namespace} and `k8sServiceSelector` {selector,
 *   namespace} (namespace optional);
 * - fromNodes / toNodes: label selectors on the nodes' labels;
 * Not modelled, with a warning (NS9103): from/toRequires (ignored), from/toGroups,
 * cidrGroupRef (the peer is left out: it matches nothing), authentication, Kafka rules, TLS fields and listeners of toPorts
 * (ignored), headerMatches' `mismatch` (ignored).
 */
import {
  CILIUM_ENTITIES,
  type CiliumClusterwideNetworkPolicySpec,
  type CiliumEntity,
  type CiliumIcmpField,
  type CiliumFqdn,
  type CiliumHttpRule,
  type CiliumNetworkPolicySpec,
  type CiliumPeer,
  type CiliumPolicyBody,
  type CiliumPort,
  type CiliumPortRule,
  type CiliumRule,
  type CiliumSpecRule,
} from '../../spec/cilium.js';
import type { LabelSelector, Protocol } from '../../spec/types.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { didYouMean } from '../../diag/suggest.js';
import { cidrFamily } from '../../address/api-syntax.js';
import { cidrContains } from '../../policy/ip-block.js';
import { readLabelSelector } from '../label-selector.js';
import { readMeta, type RawObject } from '../object-meta.js';
import { asBool, asMap, asSeq, asString, child, describe, field, invalid, isPortName, missing, report, type Reader } from '../read.js';
import type { LMap, LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

type Section = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';
const SECTIONS: readonly Section[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];
const PROTOCOLS: readonly (Protocol | 'ANY')[] = [...TRANSPORT_PROTOCOLS, 'ANY'];
const SPEC_FIELDS = ['endpointSelector', 'nodeSelector', ...SECTIONS, 'enableDefaultDeny', 'description', 'labels', 'log'] as const;
const PORT_RULE_FIELDS = ['ports', 'rules', 'terminatingTLS', 'originatingTLS', 'serverNames', 'listener'] as const;
const L7_FIELDS = ['http', 'dns', 'kafka', 'l7proto', 'l7'] as const;
const HTTP_FIELDS = ['method', 'path', 'host', 'headers', 'headerMatches'] as const;
/** Peer fields not modelled: the peer entry matches nothing. */
const UNMODELLED_PEERS = ['fromGroups', 'toGroups'] as const;

/** The fields each section's rules may have. */
function ruleFields(section: Section): readonly string[] {
  const ingress = section === 'ingress' || section === 'ingressDeny';
  const own = ingress
    ? ['fromEndpoints', 'fromRequires', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups']
    : ['toEndpoints', 'toRequires', 'toCIDR', 'toCIDRSet', 'toEntities', 'toNodes', 'toGroups', 'toServices', ...(section === 'egress' ? ['toFQDNs'] : [])];
  return [...own, 'toPorts', 'icmps', ...(section === 'ingress' || section === 'egress' ? ['authentication'] : [])];
}

export function ciliumNetworkPolicyFromManifest(r: Reader, obj: RawObject): CiliumNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const body = readBody(r, obj, 'CiliumNetworkPolicy');
  if (!meta || !body) return undefined;
  return { ...body, name: meta.name, namespace: meta.namespace ?? 'default', span: meta.span };
}

export function ciliumClusterwideNetworkPolicyFromManifest(r: Reader, obj: RawObject): CiliumClusterwideNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const body = readBody(r, obj, 'CiliumClusterwideNetworkPolicy');
  if (!meta || !body) return undefined;
  return { ...body, name: meta.name, span: meta.span };
}

function readBody(r: Reader, obj: RawObject, kind: string): Omit<CiliumPolicyBody, 'name' | 'span'> | undefined {
  const specNode = field(obj.map, 'spec');
  const specsNode = field(obj.map, 'specs');
  if (specNode === undefined && specsNode === undefined) {
    report(r, DIAG.missingField, 'error', `${child(obj.path, 'spec')}: required field is missing (expected the policy's rule in \`spec\`, or its rules in \`specs\`)`, obj.map.span, {
      expected: '`spec` or `specs`',
    });
    return undefined;
  }
  let ok = true;
  const rules: CiliumSpecRule[] = [];
  const paths: string[] = [];
  const take = (n: LNode, path: string): void => {
    const rule = readSpecRule(r, n, path, kind);
    if (rule === undefined) ok = false;
    else if (rule !== 'skipped') {
      rules.push(rule);
      paths.push(path);
    }
  };
  if (specNode !== undefined) take(specNode, child(obj.path, 'spec'));
  asSeq(r, specsNode, child(obj.path, 'specs')).forEach((n, i) => take(n, child(child(obj.path, 'specs'), i)));
  if (!ok) return undefined;
  const fqdnAt = rules.flatMap((s, i) => (s.egress ?? []).flatMap((e, j) => (e.peers.some((p) => p.kind === 'fqdn') ? [{ path: child(child(child(paths[i]!, 'egress'), j), 'toFQDNs'), span: e.span }] : [])));
  const hasDns = rules.some((s) => (s.egress ?? []).some((e) => e.toPorts.some((p) => p.dns !== undefined)));
  const first = fqdnAt[0];
  if (first !== undefined && !hasDns) {
    report(r, DIAG.ciliumFqdnWithoutDns, 'warning', message(DIAG.ciliumFqdnWithoutDns, { path: first.path }), first.span ?? obj.map.span, {
      help: 'add an egress rule allowing DNS with `toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`',
    });
  }
  return { rules, listed: specsNode !== undefined };
}

/** Unknown fields of `m` (NS2120), with the field meant when one is near. */
function unknownFields(r: Reader, m: LMap, path: string, known: readonly string[]): boolean {
  let ok = true;
  for (const e of m.entries) {
    if (known.includes(e.key)) continue;
    const near = didYouMean(e.key, known);
    report(r, DIAG.ciliumField, 'error', message(DIAG.ciliumField, { path, field: e.key }), e.keySpan, {
      label: 'unknown field',
      ...(near ? { help: near } : { notes: [`fields here: ${known.join(', ')}`] }),
    });
    ok = false;
  }
  return ok;
}

/** The rule; undefined when bad (reported); 'skipped' when it is a host policy (warned). */
function readSpecRule(r: Reader, n: LNode, path: string, kind: string): CiliumSpecRule | 'skipped' | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  let ok = unknownFields(r, m, path, SPEC_FIELDS);
  const nodeSelector = field(m, 'nodeSelector');
  const selectorNode = field(m, 'endpointSelector');
  if (selectorNode === undefined) {
    if (nodeSelector !== undefined) {
      report(r, DIAG.approximated, 'warning', `${child(path, 'nodeSelector')}: host policies (rules selecting nodes) are not modelled; this rule of the ${kind} is left out`, nodeSelector.span);
      return 'skipped';
    }
    report(r, DIAG.missingField, 'error', `${child(path, 'endpointSelector')}: required field is missing (expected the pods the rule applies to; \`{}\` selects every pod${kind === 'CiliumNetworkPolicy' ? ' of the namespace' : ''})`, m.span, {
      expected: 'a label selector',
    });
    return undefined;
  }
  if (nodeSelector !== undefined) {
    report(r, DIAG.conflict, 'error', `${path}: a rule has an endpointSelector or a nodeSelector, not both`, nodeSelector.span);
    ok = false;
  }
  const endpointSelector = readSelector(r, selectorNode, child(path, 'endpointSelector'));
  const sections: Partial<Record<Section, CiliumRule[]>> = {};
  for (const section of SECTIONS) {
    const rules = readRules(r, field(m, section), child(path, section), section);
    if (rules === undefined) ok = false;
    else if (rules.length > 0) sections[section] = rules;
  }
  const ddPath = child(path, 'enableDefaultDeny');
  const dd = asMap(r, field(m, 'enableDefaultDeny'), ddPath);
  if (dd && !unknownFields(r, dd, ddPath, ['ingress', 'egress'])) ok = false;
  const ddIngress = asBool(r, field(dd, 'ingress'), child(ddPath, 'ingress'));
  const ddEgress = asBool(r, field(dd, 'egress'), child(ddPath, 'egress'));
  if (!ok || endpointSelector === undefined) return undefined;
  return { endpointSelector, ...sections, defaultDeny: { ingress: ddIngress ?? true, egress: ddEgress ?? true }, span: m.span };
}

/** A label selector with Cilium's source prefixes read (`k8s:app` is `app`). */
function readSelector(r: Reader, n: LNode, path: string): LabelSelector | undefined {
  const sel = readLabelSelector(r, n, path);
  if (sel === undefined) return undefined;
  const strip = (key: string): string => key.replace(/^(k8s|any):/, '');
  const keys = [...Object.keys(sel.matchLabels), ...sel.matchExpressions.map((e) => e.key)];
  if (keys.some((k) => k.startsWith('reserved:'))) {
    report(r, DIAG.approximated, 'warning', `${path}: \`reserved:\` labels name Cilium's reserved identities, which select no pod here; use fromEntities / toEntities for the host, nodes and the world`, n.span);
  }
  return {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels).map(([k, v]) => [strip(k), v])),
    matchExpressions: sel.matchExpressions.map((e) => ({ ...e, key: strip(e.key) })),
  };
}

function readRules(r: Reader, n: LNode | undefined, path: string, section: Section): CiliumRule[] | undefined {
  const out: CiliumRule[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const rule = readRule(r, item, child(path, i), section);
    if (rule === undefined) ok = false;
    else out.push(rule);
  });
  return ok ? out : undefined;
}

function readRule(r: Reader, n: LNode, path: string, section: Section): CiliumRule | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  let ok = unknownFields(r, m, path, ruleFields(section));
  const ingress = section === 'ingress' || section === 'ingressDeny';
  const deny = section === 'ingressDeny' || section === 'egressDeny';
  const from = ingress ? 'from' : 'to';
  const peers: CiliumPeer[] = [];
  const add = (list: readonly CiliumPeer[] | undefined): void => {
    if (list === undefined) ok = false;
    else peers.push(...list);
  };
  add(readEndpoints(r, field(m, `${from}Endpoints`), child(path, `${from}Endpoints`)));
  add(readEntities(r, field(m, `${from}Entities`), child(path, `${from}Entities`)));
  add(readNodes(r, field(m, `${from}Nodes`), child(path, `${from}Nodes`)));
  add(readCidrs(r, field(m, `${from}CIDR`), child(path, `${from}CIDR`)));
  add(readCidrSets(r, field(m, `${from}CIDRSet`), child(path, `${from}CIDRSet`)));
  if (section === 'egress') add(readFqdns(r, field(m, 'toFQDNs'), child(path, 'toFQDNs')));
  // An entry naming no Service (neither k8sService nor k8sServiceSelector) stands for none, as a
  // Service that does not exist does: a peer field that matches nothing.
  let emptyService = false;
  if (!ingress)
    add(
      readServices(r, field(m, 'toServices'), child(path, 'toServices'), () => {
        emptyService = true;
      }),
    );
  const requires = field(m, `${from}Requires`);
  if (requires !== undefined) report(r, DIAG.approximated, 'warning', `${child(path, `${from}Requires`)}: ${from}Requires is deprecated and not modelled; ignored`, requires.span);
  let unmodelled = false;
  for (const f of UNMODELLED_PEERS) {
    const v = field(m, f);
    if (v === undefined || !ruleFields(section).includes(f)) continue;
    report(r, DIAG.approximated, 'warning', `${child(path, f)}: ${f} peers are not modelled; they match nothing`, v.span);
    unmodelled = true;
  }
  const auth = field(m, 'authentication');
  if (auth !== undefined) report(r, DIAG.approximated, 'warning', `${child(path, 'authentication')}: mutual authentication is not modelled; ignored`, auth.span);
  const toPorts = readPortRules(r, field(m, 'toPorts'), child(path, 'toPorts'), deny);
  if (toPorts === undefined) ok = false;
  const icmps = readIcmps(r, field(m, 'icmps'), child(path, 'icmps'));
  if (!ok || toPorts === undefined || icmps === undefined) return undefined;
  // A peer field that is not modelled stands for peers that match nothing: with no modelled peer
  // beside it, the rule matches nothing (not every peer, as a rule without peer fields would).
  const matchesNothing = (unmodelled || emptyService) && peers.length === 0;
  return { peers, toPorts, ...(icmps.length > 0 ? { icmps } : {}), matchesNothing, span: m.span };
}

/**
 * ICMP type names Cilium accepts beside numbers (CamelCase, per family), as the ICMP and ICMPv6
 * registries number them (RFC 792, RFC 4443, RFC 4861).
 */
const ICMP_TYPE_NAMES: Readonly<Record<4 | 6, Readonly<Record<string, number>>>> = {
  4: { EchoReply: 0, DestinationUnreachable: 3, Redirect: 5, Echo: 8, EchoRequest: 8, RouterAdvertisement: 9, RouterSelection: 10, TimeExceeded: 11, ParameterProblem: 12, Timestamp: 13, TimestampReply: 14 },
  6: {
    DestinationUnreachable: 1, PacketTooBig: 2, TimeExceeded: 3, ParameterProblem: 4, EchoRequest: 128, EchoReply: 129, MulticastListenerQuery: 130,
    MulticastListenerReport: 131, MulticastListenerDone: 132, RouterSolicitation: 133, RouterAdvertisement: 134, NeighborSolicitation: 135,
    NeighborAdvertisement: 136, RedirectMessage: 137,
  },
};

/** `icmps: [{fields: [{type, family}]}]`: every field of every entry; undefined when bad (reported). */
function readIcmps(r: Reader, n: LNode | undefined, path: string): CiliumIcmpField[] | undefined {
  const out: CiliumIcmpField[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((entry, i) => {
    const em = asMap(r, entry, child(path, i));
    if (!em) {
      ok = false;
      return;
    }
    asSeq(r, field(em, 'fields'), child(child(path, i), 'fields')).forEach((f, j) => {
      const p = child(child(child(path, i), 'fields'), j);
      const fm = asMap(r, f, p);
      if (!fm) {
        ok = false;
        return;
      }
      const familyNode = field(fm, 'family');
      const familyName = familyNode === undefined ? 'IPv4' : asString(r, familyNode, child(p, 'family'));
      const family = familyName === 'IPv4' ? 4 : familyName === 'IPv6' ? 6 : undefined;
      if (family === undefined) {
        if (familyName !== undefined && familyNode !== undefined) invalid(r, familyNode, child(p, 'family'), 'IPv4 or IPv6');
        ok = false;
        return;
      }
      const typeNode = field(fm, 'type');
      const names = ICMP_TYPE_NAMES[family];
      if (typeNode?.kind === 'scalar' && typeof typeNode.value === 'number' && Number.isInteger(typeNode.value) && typeNode.value >= 0 && typeNode.value <= 255) {
        out.push({ family, type: typeNode.value });
        return;
      }
      if (typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' && names[typeNode.value] !== undefined) {
        out.push({ family, type: names[typeNode.value] as number });
        return;
      }
      const near = typeNode?.kind === 'scalar' && typeof typeNode.value === 'string' ? didYouMean(typeNode.value, Object.keys(names)) : undefined;
      if (typeNode === undefined) missing(r, fm, child(p, 'type'), 'an ICMP type: a number 0-255 or a name such as EchoRequest');
      else invalid(r, typeNode, child(p, 'type'), `an ICMP type: a number 0-255 or an IPv${family} type name (${Object.keys(names).slice(0, 4).join(', ')}, …)`, near ? { help: near } : {});
      ok = false;
    });
  });
  return ok ? out : undefined;
}

function readEndpoints(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const selector = readSelector(r, item, child(path, i));
    if (selector === undefined) ok = false;
    else out.push({ kind: 'endpoints', selector });
  });
  return ok ? out : undefined;
}

/** `fromNodes` / `toNodes`: label selectors on the nodes' labels. */
function readNodes(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const selector = readSelector(r, item, child(path, i));
    if (selector === undefined) ok = false;
    else out.push({ kind: 'nodes', selector });
  });
  return ok ? out : undefined;
}

/**
 * `toServices` entries: `k8sService` {serviceName, namespace} and `k8sServiceSelector` {selector,
 * namespace} (a label selector on the Services' labels), each a peer. An entry with both is read
 * as its selector, as Cilium does (pkg/policy/k8s/service.go processRule), with a warning.
 */
function readServices(r: Reader, n: LNode | undefined, path: string, onEmpty: () => void): CiliumPeer[] | undefined {
  const peers: CiliumPeer[] = [];
  let ok = true;
  const namespaceOf = (m: LMap, p: string): { readonly namespace?: string } | undefined => {
    const nsNode = field(m, 'namespace');
    if (nsNode === undefined) return {};
    const namespace = asString(r, nsNode, child(p, 'namespace'), 'a namespace');
    if (namespace === undefined) return undefined;
    return namespace === '' ? {} : { namespace };
  };
  asSeq(r, n, path).forEach((item, i) => {
    const p = child(path, i);
    const m = asMap(r, item, p);
    if (!m || !unknownFields(r, m, p, ['k8sService', 'k8sServiceSelector'])) {
      ok = false;
      return;
    }
    const bySelector = field(m, 'k8sServiceSelector');
    const byName = field(m, 'k8sService');
    if (bySelector !== undefined) {
      const sp = child(p, 'k8sServiceSelector');
      const sm = asMap(r, bySelector, sp);
      if (!sm || !unknownFields(r, sm, sp, ['selector', 'namespace'])) {
        ok = false;
        return;
      }
      const selNode = field(sm, 'selector');
      if (selNode === undefined) {
        report(r, DIAG.missingField, 'error', `${child(sp, 'selector')}: required field is missing (expected a label selector on the Services' labels)`, sm.span, { expected: 'a label selector' });
        ok = false;
        return;
      }
      const selector = readSelector(r, selNode, child(sp, 'selector'));
      const ns = namespaceOf(sm, sp);
      if (selector === undefined || ns === undefined) {
        ok = false;
        return;
      }
      if (byName !== undefined) report(r, DIAG.approximated, 'warning', `${child(p, 'k8sService')}: an entry with a k8sServiceSelector is read by its selector, as Cilium does; this k8sService is ignored`, byName.span);
      peers.push({ kind: 'service-selector', selector, ...ns });
      return;
    }
    if (byName === undefined) {
      report(r, DIAG.approximated, 'warning', `${p}: names no Service (k8sService or k8sServiceSelector): it selects nothing`, m.span);
      onEmpty();
      return;
    }
    const sp = child(p, 'k8sService');
    const svc = asMap(r, byName, sp);
    if (!svc || !unknownFields(r, svc, sp, ['serviceName', 'namespace'])) {
      ok = false;
      return;
    }
    const nameNode = field(svc, 'serviceName');
    if (nameNode === undefined) {
      report(r, DIAG.missingField, 'error', `${child(sp, 'serviceName')}: required field is missing (expected a Service name)`, svc.span, { expected: 'a Service name' });
      ok = false;
      return;
    }
    const name = asString(r, nameNode, child(sp, 'serviceName'), 'a Service name');
    const ns = namespaceOf(svc, sp);
    if (name === undefined || ns === undefined) {
      ok = false;
      return;
    }
    peers.push({ kind: 'service', name, ...ns });
  });
  return ok ? peers : undefined;
}

function readEntities(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const p = child(path, i);
    const s = asString(r, item, p);
    if (s === undefined) {
      ok = false;
      return;
    }
    if ((CILIUM_ENTITIES as readonly string[]).includes(s)) {
      out.push({ kind: 'entity', entity: s as CiliumEntity });
      return;
    }
    const near = didYouMean(s, CILIUM_ENTITIES);
    const expected = CILIUM_ENTITIES.join(', ');
    report(r, DIAG.ciliumEntity, 'error', message(DIAG.ciliumEntity, { path: p, found: describe(item), expected }), item.span, {
      label: 'unknown entity',
      expected,
      ...(near ? { help: near } : {}),
    });
    ok = false;
  });
  return ok ? out : undefined;
}

/** A CIDR, read; undefined when bad (reported). */
function readCidr(r: Reader, n: LNode | undefined, path: string): string | undefined {
  const s = asString(r, n, path, 'a CIDR such as 10.0.0.0/8');
  if (s === undefined) return undefined;
  return cidrFamily(s) === undefined ? invalid(r, n!, path, 'a CIDR such as 10.0.0.0/8') : s;
}

function readCidrs(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const cidr = readCidr(r, item, child(path, i));
    if (cidr === undefined) ok = false;
    else out.push({ kind: 'cidr', cidr, except: [] });
  });
  return ok ? out : undefined;
}

function readCidrSets(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const p = child(path, i);
    const m = asMap(r, item, p);
    if (!m) {
      ok = false;
      return;
    }
    if (!unknownFields(r, m, p, ['cidr', 'except', 'cidrGroupRef', 'cidrGroupSelector'])) ok = false;
    const group = field(m, 'cidrGroupRef') ?? field(m, 'cidrGroupSelector');
    if (group !== undefined) {
      report(r, DIAG.approximated, 'warning', `${p}: CiliumCIDRGroups are not read; this entry matches nothing`, group.span);
      return;
    }
    const cidrNode = field(m, 'cidr');
    if (cidrNode === undefined) {
      report(r, DIAG.missingField, 'error', `${child(p, 'cidr')}: required field is missing (expected a CIDR such as 10.0.0.0/8)`, m.span, { expected: 'a CIDR' });
      ok = false;
      return;
    }
    const cidr = readCidr(r, cidrNode, child(p, 'cidr'));
    const except: string[] = [];
    asSeq(r, field(m, 'except'), child(p, 'except')).forEach((e, j) => {
      const c = readCidr(r, e, child(child(p, 'except'), j));
      if (c === undefined) ok = false;
      else if (cidr !== undefined && !(cidrFamily(c) === cidrFamily(cidr) && cidrContains(cidr, c.slice(0, c.indexOf('/'))) && Number(c.slice(c.indexOf('/') + 1)) >= Number(cidr.slice(cidr.indexOf('/') + 1)))) {
        report(r, DIAG.conflict, 'error', `${child(child(p, 'except'), j)}: ${c} is not inside ${cidr}`, e.span);
        ok = false;
      } else except.push(c);
    });
    if (cidr === undefined) ok = false;
    else out.push({ kind: 'cidr', cidr, except });
  });
  return ok ? out : undefined;
}

const NAME_CHARS = /^[-a-zA-Z0-9_.]+$/;
const PATTERN_CHARS = /^[-a-zA-Z0-9_.*]+$/;

/** A matchName / matchPattern entry (toFQDNs, rules.dns). */
function readFqdn(r: Reader, n: LNode, path: string): CiliumFqdn | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  if (!unknownFields(r, m, path, ['matchName', 'matchPattern'])) return undefined;
  const name = asString(r, field(m, 'matchName'), child(path, 'matchName'));
  const pattern = asString(r, field(m, 'matchPattern'), child(path, 'matchPattern'));
  const norm = (s: string): string => s.toLowerCase().replace(/\.$/, '');
  if (name !== undefined && pattern !== undefined) {
    report(r, DIAG.conflict, 'error', `${path}: give matchName or matchPattern, not both`, m.span);
    return undefined;
  }
  if (name !== undefined) return NAME_CHARS.test(name) ? { kind: 'name', name: norm(name) } : invalid(r, field(m, 'matchName')!, child(path, 'matchName'), 'a DNS name (letters, digits, -, _ and .)');
  if (pattern !== undefined && pattern.includes('**')) {
    report(r, DIAG.approximated, 'warning', `${child(path, 'matchPattern')}: \`**\` (several labels) is read as \`*\` (within one label)`, field(m, 'matchPattern')!.span);
  }
  if (pattern !== undefined) return PATTERN_CHARS.test(pattern) ? { kind: 'pattern', pattern: norm(pattern) } : invalid(r, field(m, 'matchPattern')!, child(path, 'matchPattern'), 'a DNS name pattern (letters, digits, -, _, . and *)');
  report(r, DIAG.missingField, 'error', `${path}: required field is missing (expected matchName or matchPattern)`, m.span, { expected: 'matchName or matchPattern' });
  return undefined;
}

function readFqdns(r: Reader, n: LNode | undefined, path: string): CiliumPeer[] | undefined {
  const out: CiliumPeer[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const fqdn = readFqdn(r, item, child(path, i));
    if (fqdn === undefined) ok = false;
    else out.push({ kind: 'fqdn', fqdn });
  });
  return ok ? out : undefined;
}

function readPortRules(r: Reader, n: LNode | undefined, path: string, deny: boolean): CiliumPortRule[] | undefined {
  const out: CiliumPortRule[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((item, i) => {
    const pr = readPortRule(r, item, child(path, i), deny);
    if (pr === undefined) ok = false;
    else out.push(pr);
  });
  return ok ? out : undefined;
}

function readPortRule(r: Reader, n: LNode, path: string, deny: boolean): CiliumPortRule | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  let ok = unknownFields(r, m, path, PORT_RULE_FIELDS);
  for (const f of ['terminatingTLS', 'originatingTLS', 'serverNames', 'listener'] as const) {
    const v = field(m, f);
    if (v !== undefined) report(r, DIAG.approximated, 'warning', `${child(path, f)}: TLS interception and listeners are not modelled; ignored`, v.span);
  }
  const ports: CiliumPort[] = [];
  asSeq(r, field(m, 'ports'), child(path, 'ports')).forEach((p, i) => {
    const port = readPort(r, p, child(child(path, 'ports'), i));
    if (port === undefined) ok = false;
    else ports.push(port);
  });
  const rulesPath = child(path, 'rules');
  const rules = asMap(r, field(m, 'rules'), rulesPath);
  if (rules !== undefined && deny) {
    report(r, DIAG.conflict, 'error', `${rulesPath}: deny rules have no L7 part (Cilium refuses L7 rules in ingressDeny and egressDeny)`, rules.span);
    return undefined;
  }
  let http: CiliumHttpRule[] | undefined;
  let dns: CiliumFqdn[] | undefined;
  if (rules !== undefined) {
    if (!unknownFields(r, rules, rulesPath, L7_FIELDS)) ok = false;
    for (const f of ['kafka', 'l7proto', 'l7'] as const) {
      const v = field(rules, f);
      if (v !== undefined) report(r, DIAG.approximated, 'warning', `${child(rulesPath, f)}: only HTTP and DNS rules are modelled; these rules are ignored (the port is allowed at L4)`, v.span);
    }
    if (field(rules, 'http') !== undefined) {
      http = [];
      asSeq(r, field(rules, 'http'), child(rulesPath, 'http')).forEach((h, i) => {
        const rule = readHttp(r, h, child(child(rulesPath, 'http'), i));
        if (rule === undefined) ok = false;
        else http!.push(rule);
      });
    }
    if (field(rules, 'dns') !== undefined) {
      dns = [];
      asSeq(r, field(rules, 'dns'), child(rulesPath, 'dns')).forEach((d, i) => {
        const rule = readFqdn(r, d, child(child(rulesPath, 'dns'), i));
        if (rule === undefined) ok = false;
        else dns!.push(rule);
      });
    }
  }
  if (!ok) return undefined;
  return { ports, ...(http ? { http } : {}), ...(dns ? { dns } : {}) };
}

function readPort(r: Reader, n: LNode, path: string): CiliumPort | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  if (!unknownFields(r, m, path, ['port', 'endPort', 'protocol'])) return undefined;
  const protocolNode = field(m, 'protocol');
  let protocol: Protocol | 'ANY' = 'ANY';
  if (protocolNode !== undefined) {
    const v = protocolNode.kind === 'scalar' && typeof protocolNode.value === 'string' ? protocolNode.value : undefined;
    if (v !== undefined && (PROTOCOLS as readonly string[]).includes(v)) protocol = v as Protocol | 'ANY';
    else {
      const near = v === undefined ? undefined : PROTOCOLS.find((p) => p.toLowerCase() === v.toLowerCase());
      const icmp = v !== undefined && /^icmp/i.test(v);
      return invalid(r, protocolNode, child(path, 'protocol'), `one of ${PROTOCOLS.join(', ')}`, near ? { help: `did you mean \`${near}\`?` } : icmp ? { help: 'ICMP goes in the rule\'s `icmps`, not in toPorts' } : {});
    }
  }
  const portNode = field(m, 'port');
  let port: number | string | undefined;
  if (portNode !== undefined) {
    const raw = portNode.kind === 'scalar' && (typeof portNode.value === 'number' || typeof portNode.value === 'string') ? String(portNode.value) : undefined;
    if (raw !== undefined && /^\d+$/.test(raw) && Number(raw) <= 65535) port = Number(raw);
    else if (raw !== undefined && isPortName(raw)) port = raw;
    else return invalid(r, portNode, child(path, 'port'), 'a port 0-65535 or a port name');
  }
  const endNode = field(m, 'endPort');
  let endPort: number | undefined;
  if (endNode !== undefined) {
    if (!(endNode.kind === 'scalar' && typeof endNode.value === 'number' && Number.isInteger(endNode.value) && endNode.value >= 0 && endNode.value <= 65535)) {
      return invalid(r, endNode, child(path, 'endPort'), 'a port 0-65535');
    }
    if (typeof port !== 'number' || port === 0) {
      report(r, DIAG.conflict, 'error', `${child(path, 'endPort')}: endPort needs a numbered \`port\` to start the range`, endNode.span);
      return undefined;
    }
    if (endNode.value < port) {
      report(r, DIAG.conflict, 'error', `${child(path, 'endPort')}: a port range's end must be at least its start (${port}), found ${endNode.value}`, endNode.span);
      return undefined;
    }
    endPort = endNode.value;
  }
  return { ...(port !== undefined ? { port } : {}), ...(endPort !== undefined ? { endPort } : {}), protocol };
}

function readHttp(r: Reader, n: LNode, path: string): CiliumHttpRule | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  let ok = unknownFields(r, m, path, HTTP_FIELDS);
  const regex = (f: 'method' | 'path' | 'host'): string | undefined => {
    const node = field(m, f);
    const s = asString(r, node, child(path, f), 'a regular expression');
    if (s === undefined) {
      if (node !== undefined) ok = false;
      return undefined;
    }
    try {
      new RegExp(s);
      return s;
    } catch (e) {
      const detail = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
      report(r, DIAG.ciliumRegex, 'error', message(DIAG.ciliumRegex, { path: child(path, f), detail }), node!.span, { label: 'does not compile' });
      ok = false;
      return undefined;
    }
  };
  const method = regex('method');
  const httpPath = regex('path');
  const host = regex('host');
  const headers: { name: string; value?: string }[] = [];
  asSeq(r, field(m, 'headers'), child(path, 'headers')).forEach((h, i) => {
    const s = asString(r, h, child(child(path, 'headers'), i), 'a header "Name" or "Name: value"');
    if (s === undefined) {
      ok = false;
      return;
    }
    const colon = s.indexOf(':');
    headers.push(colon < 0 ? { name: s.trim().toLowerCase() } : { name: s.slice(0, colon).trim().toLowerCase(), value: s.slice(colon + 1).trim() });
  });
  asSeq(r, field(m, 'headerMatches'), child(path, 'headerMatches')).forEach((h, i) => {
    const p = child(child(path, 'headerMatches'), i);
    const hm = asMap(r, h, p);
    if (!hm) {
      ok = false;
      return;
    }
    const name = asString(r, field(hm, 'name'), child(p, 'name'));
    const value = asString(r, field(hm, 'value'), child(p, 'value'));
    const mismatch = field(hm, 'mismatch');
    if (mismatch !== undefined) report(r, DIAG.approximated, 'warning', `${child(p, 'mismatch')}: header rewriting on mismatch is not modelled; the header must match`, mismatch.span);
    if (name === undefined) {
      if (field(hm, 'name') === undefined) report(r, DIAG.missingField, 'error', `${child(p, 'name')}: required field is missing (expected a header name)`, hm.span, { expected: 'a header name' });
      ok = false;
      return;
    }
    headers.push(value === undefined ? { name: name.toLowerCase() } : { name: name.toLowerCase(), value });
  });
  if (!ok) return undefined;
  return {
    ...(method !== undefined ? { method } : {}),
    ...(httpPath !== undefined ? { path: httpPath } : {}),
    ...(host !== undefined ? { host } : {}),
    headers,
    span: m.span,
  };
}
