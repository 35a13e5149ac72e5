/**
 * Name resolution as a client sees it (reference §5). Only pods with dnsPolicy ClusterFirst
 * (non-hostNetwork) or ClusterFirstWithHostNet use the cluster DNS: search path
 * `<ns>.svc.<zone> svc.<zone> <zone>`, ndots:5 (fewer dots: search list first, then the name
 * as is; a trailing dot: the name only). Everyone else (nodes, hosts, hostNetwork pods with
 * ClusterFirst, dnsPolicy Default/None) uses a resolver that knows nothing of the cluster zone.
 * Outside names: the model has no internet DNS; a HostSpec whose name looks like a DNS name
 * (contains a dot) answers with its address. The first name that exists ends the search.
 * CNAMEs (ExternalName) are followed inside the model up to 8 times.
 * This answers from DNS data only; whether the query packet itself reaches CoreDNS (policy)
 * is checked when a probe connects by name.
 */
import { recordsFor, zoneOf, type DnsRecords } from '../model/dns-records.js';
import type { ClusterState, PodState } from '../model/state.js';
import { objectKey } from '../model/state.js';
import type { DnsAnswer, DnsResult, Hop, ProbeSource, RecordType } from './types.js';

export function usesClusterDns(pod: PodState): boolean {
  return pod.spec.dnsPolicy === 'ClusterFirstWithHostNet' || (pod.spec.dnsPolicy === 'ClusterFirst' && !pod.spec.hostNetwork);
}

export function searchList(state: ClusterState, namespace: string): string[] {
  const zone = zoneOf(state);
  return [`${namespace}.svc.${zone}`, `svc.${zone}`, zone];
}

/** Names tried, in order, for `name` from a pod of `namespace`. */
export function candidates(state: ClusterState, namespace: string, name: string): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.')) return [lower.slice(0, -1)];
  const expanded = searchList(state, namespace).map((s) => `${lower}.${s}`);
  const dots = lower.split('.').length - 1;
  return dots >= 5 ? [lower, ...expanded] : [...expanded, lower];
}

/**
 * The records of a name: the primary plane's, with the AAAA records of a dual-stack cluster's
 * IPv6 plane (a name exists when it exists in either: a headless Service with only IPv6
 * endpoints answers AAAA and has no A record).
 */
function lookup(state: ClusterState, fqdn: string): DnsRecords | undefined {
  const v4 = recordsFor(state, fqdn);
  const v6plane = state.ipv6;
  const v6 = v6plane ? recordsFor(v6plane, fqdn) : undefined;
  if (v4 || v6) return { ...(v4 ?? { a: [], srv: [], ...(v6?.cname !== undefined ? { cname: v6.cname } : {}) }), aaaa: v6?.a ?? [] };
  if (fqdn.includes('.'))
    for (const h of state.spec.hosts)
      if (h.name.toLowerCase() === fqdn && h.name.includes('.')) return h.ip.includes(':') ? { a: [], aaaa: [h.ip], srv: [] } : { a: [h.ip], srv: [] };
  return undefined;
}

function answersFor(state: ClusterState, fqdn: string, recs: DnsRecords, type: RecordType): DnsAnswer[] {
  const out: DnsAnswer[] = [];
  let name = fqdn;
  let current: DnsRecords | undefined = recs;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.cname !== undefined && type !== 'CNAME') {
      out.push({ name, type: 'CNAME', value: current.cname });
      name = current.cname;
      current = lookup(state, name);
      continue;
    }
    switch (type) {
      case 'A':
        for (const ip of current.a) out.push({ name, type: 'A', value: ip });
        break;
      case 'AAAA':
        for (const ip of current.aaaa ?? []) out.push({ name, type: 'AAAA', value: ip });
        break;
      case 'SRV':
        for (const s of current.srv) out.push({ name, type: 'SRV', value: `${s.priority} ${s.weight} ${s.port} ${s.target}` });
        break;
      case 'CNAME':
        if (current.cname !== undefined) out.push({ name, type: 'CNAME', value: current.cname });
        break;
      case 'PTR':
        if (current.ptr !== undefined) out.push({ name, type: 'PTR', value: current.ptr });
        break;
    }
    break;
  }
  return out;
}

function describeAnswers(answers: readonly DnsAnswer[]): string {
  return answers.length === 0 ? 'NOERROR, no records of that type' : answers.map((a) => `${a.type} ${a.value}`).join(', ');
}

export function resolve(state: ClusterState, source: ProbeSource, name: string, type: RecordType): DnsResult {
  const hops: Hop[] = [];
  const pod = source.kind === 'pod' ? state.podsByKey.get(objectKey(source.namespace, source.name)) : undefined;
  if (source.kind === 'pod' && !pod) {
    hops.push({ stage: 'dns', text: `pod ${source.namespace}/${source.name} does not exist` });
    return { rcode: 'NXDOMAIN', answers: [], hops };
  }
  let tried: string[];
  if (pod && usesClusterDns(pod)) {
    const dns = state.dnsService;
    hops.push({
      stage: 'dns',
      at: pod.spec.node,
      text: `pod ${pod.key} asks the cluster DNS${dns?.clusterIP ? ` ${dns.clusterIP} (Service ${dns.key})` : ''}: search ${searchList(state, pod.namespace).join(' ')}, ndots:5`,
      rule: `dnsPolicy ${pod.spec.dnsPolicy}`,
    });
    tried = candidates(state, pod.namespace, name);
  } else {
    const who = pod ? `pod ${pod.key}` : describeSource(source);
    const why = !pod
      ? 'uses its own resolver, which does not know the cluster zone'
      : pod.spec.hostNetwork && pod.spec.dnsPolicy === 'ClusterFirst'
        ? 'is a hostNetwork pod with dnsPolicy ClusterFirst, so it uses the node\'s resolv.conf (use ClusterFirstWithHostNet for cluster names)'
        : `has dnsPolicy ${pod.spec.dnsPolicy}: it uses the node's resolver, which does not know the cluster zone`;
    hops.push({ stage: 'dns', text: `${who} ${why}`, ...(pod ? { rule: `dnsPolicy ${pod.spec.dnsPolicy}` } : {}) });
    const lower = name.toLowerCase().replace(/\.$/, '');
    const zone = zoneOf(state);
    if (lower === zone || lower.endsWith(`.${zone}`)) {
      hops.push({ stage: 'dns', text: `${lower} → NXDOMAIN (cluster names are served only by the cluster DNS)` });
      return { rcode: 'NXDOMAIN', answers: [], hops };
    }
    tried = [lower];
  }
  for (const fqdn of tried) {
    const recs = lookup(state, fqdn);
    if (!recs) {
      hops.push({ stage: 'dns', text: `${type} ${fqdn} → NXDOMAIN` });
      continue;
    }
    const answers = answersFor(state, fqdn, recs, type);
    hops.push({ stage: 'dns', text: `${type} ${fqdn} → ${describeAnswers(answers)}` });
    return { rcode: 'NOERROR', fqdn, answers, hops };
  }
  return { rcode: 'NXDOMAIN', answers: [], hops };
}

function describeSource(s: ProbeSource): string {
  switch (s.kind) {
    case 'pod':
      return `pod ${s.namespace}/${s.name}`;
    case 'node':
      return `node ${s.name}`;
    case 'host':
      return `host ${s.name}`;
    case 'internet':
      return 'an internet client';
    case 'ip':
      return s.ip;
    default: {
      const never: never = s;
      return never;
    }
  }
}
