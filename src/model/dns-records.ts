/**
 * The cluster DNS zone (reference §5, DNS spec 1.0.1), answered on demand from the state's
 * indexes instead of being materialised (a 150,000-pod cluster would otherwise hold 150,000
 * pod records). For a fully qualified name (lower case, no trailing dot) `recordsFor` returns
 * the records CoreDNS's kubernetes plugin would serve, or undefined when the name does not
 * exist (NXDOMAIN):
 * - `<svc>.<ns>.svc.<zone>`: A = the ClusterIP; headless ⇒ one A per ready endpoint (the name
 *   does not exist without one); ExternalName ⇒ CNAME to externalName;
 * - `<hostname>.<svc>.<ns>.svc.<zone>`: a ready endpoint of a headless Service with that
 *   hostname (endpoints without one answer to their dashed address);
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>`: SRV for a **named** service port — target the
 *   Service name, or each ready endpoint's name for headless Services;
 * - `<a>-<b>-<c>-<d>.<ns>.pod.<zone>`: A = that address (CoreDNS `pods insecure`, the kubeadm
 *   default: no check that such a pod exists);
 * - `<d>.<c>.<b>.<a>.in-addr.arpa`: PTR for ClusterIPs.
 */
import { formatIpv4, parseIpv4 } from '../address/ip.js';
import { objectKey, ownersOf, type ClusterState, type EndpointState, type ServiceState } from './state.js';

export interface SrvRecord {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

export interface DnsRecords {
  readonly a: readonly string[];
  /** AAAA: the same name's addresses in a dual-stack cluster's IPv6 plane. */
  readonly aaaa?: readonly string[];
  readonly cname?: string;
  readonly srv: readonly SrvRecord[];
  readonly ptr?: string;
}

export function serviceFqdn(state: ClusterState, namespace: string, name: string): string {
  return `${name}.${namespace}.svc.${zoneOf(state)}`.toLowerCase();
}

export function zoneOf(state: ClusterState): string {
  return state.spec.clusterDomain.toLowerCase().replace(/\.$/, '');
}

export function dashedAddress(ip: string): string {
  return ip.replaceAll('.', '-');
}

const NONE: DnsRecords = { a: [], srv: [] };

export function recordsFor(state: ClusterState, fqdn: string): DnsRecords | undefined {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  if (name.endsWith('.in-addr.arpa')) return reverse(state, name);
  const zone = zoneOf(state);
  if (!name.endsWith(`.${zone}`)) return undefined;
  const labels = name.slice(0, -(zone.length + 1)).split('.');
  const kind = labels[labels.length - 1];
  if (kind === 'pod' && labels.length === 3) {
    const ip = (labels[0] ?? '').replaceAll('-', '.');
    return parseIpv4(ip) === undefined ? undefined : { ...NONE, a: [ip] };
  }
  if (kind !== 'svc') return undefined;
  const ns = labels[labels.length - 2] ?? '';
  const svcName = labels[labels.length - 3] ?? '';
  const svc = state.servicesByKey.get(objectKey(ns, svcName));
  if (!svc) return undefined;
  if (labels.length === 3) return serviceRecords(svc);
  if (labels.length === 4) return endpointRecords(svc, labels[0] ?? '');
  if (labels.length === 5) return srvRecords(state, svc, labels[0] ?? '', labels[1] ?? '');
  return undefined;
}

function readyEndpoints(svc: ServiceState): EndpointState[] {
  return svc.endpoints.filter((e) => e.ready);
}

function serviceRecords(svc: ServiceState): DnsRecords | undefined {
  if (svc.spec.type === 'ExternalName') {
    return svc.spec.externalName === undefined ? undefined : { ...NONE, cname: svc.spec.externalName.toLowerCase().replace(/\.$/, '') };
  }
  if (svc.spec.headless) {
    const ready = readyEndpoints(svc);
    return ready.length === 0 ? undefined : { ...NONE, a: ready.map((e) => e.address) };
  }
  return svc.clusterIP === undefined ? undefined : { ...NONE, a: [svc.clusterIP] };
}

function endpointLabel(e: EndpointState): string {
  return (e.hostname ?? dashedAddress(e.address)).toLowerCase();
}

function endpointRecords(svc: ServiceState, label: string): DnsRecords | undefined {
  if (!svc.spec.headless || svc.spec.type === 'ExternalName') return undefined;
  const matches = readyEndpoints(svc).filter((e) => endpointLabel(e) === label);
  return matches.length === 0 ? undefined : { ...NONE, a: matches.map((e) => e.address) };
}

function srvRecords(state: ClusterState, svc: ServiceState, portLabel: string, protoLabel: string): DnsRecords | undefined {
  if (!portLabel.startsWith('_') || !protoLabel.startsWith('_') || svc.spec.type === 'ExternalName') return undefined;
  const portName = portLabel.slice(1);
  const proto = protoLabel.slice(1).toUpperCase();
  const index = svc.ports.findIndex((p) => p.name !== undefined && p.name.toLowerCase() === portName && p.protocol === proto);
  const port = svc.ports[index];
  if (!port) return undefined;
  const base = serviceFqdn(state, svc.namespace, svc.name);
  if (!svc.spec.headless) return { ...NONE, srv: [{ priority: 0, weight: 100, port: port.port, target: base }] };
  const ready = (svc.endpointsByPort[index] ?? []).filter((e) => e.ready);
  if (ready.length === 0) return undefined;
  const weight = Math.floor(100 / ready.length);
  return { ...NONE, srv: ready.map((e) => ({ priority: 0, weight, port: e.port, target: `${endpointLabel(e)}.${base}` })) };
}

function reverse(state: ClusterState, name: string): DnsRecords | undefined {
  const octets = name.slice(0, -'.in-addr.arpa'.length).split('.');
  if (octets.length !== 4) return undefined;
  const ip = parseIpv4(octets.reverse().join('.'));
  if (ip === undefined) return undefined;
  const owner = ownersOf(state, formatIpv4(ip))?.find((o) => o.kind === 'cluster-ip');
  return owner?.kind === 'cluster-ip' ? { ...NONE, ptr: serviceFqdn(state, owner.service.namespace, owner.service.name) } : undefined;
}
