/**
 * The closed word sets of the language and a lookup that reports near misses. Matching is
 * case-insensitive. Words the grammar spells out (clauses, statements, mutations) come from
 * src/syntax/keywords.ts, their one source.
 */
import { STAGES, type Cause, type RecordType, type Stage, type Via } from '../net/types.js';
import type { ServiceType, TrafficPolicy } from '../spec/types.js';
import { PROFILES } from '../cloud/profiles.js';
import type { Word } from '../syntax/ast.js';
import { didYouMean } from '../diag/suggest.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';

/** `provider NAME`: the provider profiles' ids (src/cloud/profiles.ts, their one source). */
export const PROVIDERS: readonly string[] = PROFILES.map((p) => p.id);
/** `network MODE`. */
export const NETWORK_MODES = ['overlay', 'underlay', 'vpc-native'] as const;
/** `kube-proxy MODE`. */
export const PROXY_MODES = ['iptables', 'nftables', 'ipvs'] as const;

/** `via PATH` on an assertion: one word per path (net/types.ts Via), checked complete by the type. */
export const VIA_WORDS = {
  'pod-ip': 'pod-ip',
  clusterip: 'clusterip',
  nodeport: 'nodeport',
  loadbalancer: 'loadbalancer',
  externalip: 'externalip',
  hostport: 'hostport',
  hostnetwork: 'hostnetwork',
  dns: 'dns',
} as const satisfies { readonly [V in Via]: V };

/** `deny by CAUSE`: one word per cause (net/types.ts Cause), checked complete by the type. */
export const CAUSE_WORDS = {
  policy: 'policy',
  'security-group': 'security-group',
  'no-endpoints': 'no-endpoints',
  'no-local-endpoints': 'no-local-endpoints',
  'source-ranges': 'source-ranges',
  acl: 'acl',
  'no-route': 'no-route',
  'no-listener': 'no-listener',
  'no-service-port': 'no-service-port',
  'http-status': 'http-status',
  hairpin: 'hairpin',
  'health-check': 'health-check',
  dns: 'dns',
  'not-a-proxy-target': 'not-a-proxy-target',
} as const satisfies { readonly [C in Cause]: C };

/** `over ipv4|ipv6` on an assertion. */
export const OVER_FAMILIES = { ipv4: 4, ipv6: 6 } as const;
/** A resolve assertion's `type` values. */
export const RECORD_TYPES: Readonly<Record<string, RecordType>> = { a: 'A', aaaa: 'AAAA', srv: 'SRV', cname: 'CNAME', ptr: 'PTR' };
/** `[not] through STAGE`: the stages of a packet's path. */
export const STAGE_WORDS: Readonly<Record<string, Stage>> = Object.fromEntries(STAGES.map((s) => [s, s]));
/** `masquerade-mark yes|no`. */
export const YES_NO: Readonly<Record<string, boolean>> = { yes: true, no: false };
/** `tls at PLACE` on a request: where TLS ends. */
export const TLS_PLACES: Readonly<Record<string, 'controller' | 'load-balancer'>> = { controller: 'controller', 'load-balancer': 'load-balancer', lb: 'load-balancer' };

/** A port's protocol. */
export const PROTOCOL_WORDS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;

/** `table` with each dashed word also spelled without its dashes, just before it (`singlestack`, `single-stack`): Kubernetes' own spelling, lower-cased. */
function alsoUndashed<T>(table: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.fromEntries(Object.entries(table).flatMap(([k, v]) => (k.includes('-') ? [[k.replaceAll('-', ''), v], [k, v]] : [[k, v]])));
}

/** A pod's `dns-policy` values. */
export const DNS_POLICIES = alsoUndashed({ 'cluster-first': 'ClusterFirst', 'cluster-first-with-host-net': 'ClusterFirstWithHostNet', default: 'Default', none: 'None' } as const);

/** A Service's `type` values. */
export const SERVICE_TYPES: Readonly<Record<string, ServiceType>> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
};
/** A Service's `external-traffic-policy` and `internal-traffic-policy` values. */
export const TRAFFIC_POLICIES: Readonly<Record<string, TrafficPolicy>> = { cluster: 'Cluster', local: 'Local' };
/** A Service's `session-affinity` values. */
export const AFFINITIES = alsoUndashed({ none: 'None', 'client-ip': 'ClientIP' } as const);
/** A Service's `lb-ip-mode` values. */
export const IP_MODES = { vip: 'VIP', proxy: 'Proxy' } as const;
/** A Service's `ip-family-policy` values. */
export const FAMILY_POLICIES = alsoUndashed({ 'single-stack': 'SingleStack', 'prefer-dual-stack': 'PreferDualStack', 'require-dual-stack': 'RequireDualStack' } as const);
/** A Service's `ip-families` values. */
export const FAMILIES = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;
/** A Service's `traffic-distribution` values. */
export const DISTRIBUTIONS = alsoUndashed({ 'prefer-same-zone': 'PreferSameZone', 'prefer-same-node': 'PreferSameNode', 'prefer-close': 'PreferClose' } as const);

/** A security-group rule's protocols. */
export const SG_PROTOCOLS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP', ipip: 'IPIP', all: 'all', any: 'all' } as const;
/** Where a `host` is (`in vpc`, `in internet`). */
export const HOST_LOCATIONS = ['vpc', 'internet'] as const;

/** The bare flags of each declaration with free-order clauses; each flag has its handler in src/check/declarations/ (a table typed by these lists). */
export const POD_FLAGS = ['host-network', 'not-ready', 'terminating'] as const;
export const NODE_FLAGS = ['not-ready'] as const;
export const SERVICE_FLAGS = ['headless', 'publish-not-ready', 'no-selector', 'no-node-ports'] as const;
export const ENDPOINT_FLAGS = ['ready', 'not-ready', 'serving', 'not-serving', 'terminating'] as const;

/** Statement words of a cluster block or step, and a step's mutations (for "unknown statement" suggestions). */
export { MUTATION_WORDS, STATEMENT_WORDS } from '../syntax/keywords.js';

/** Lower-cased `w`'s entry in `table`, or undefined after an error naming the choices. */
export function lookup<T>(ctx: Ctx, w: Word, table: Readonly<Record<string, T>>, what: string): T | undefined {
  const key = w.value.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  const choices = Object.keys(table);
  error(ctx, DIAG.unknownWord, w.span, message(DIAG.unknownWord, { what, word: w.value }), {
    label: `not a ${what}`,
    expected: choices.map((c) => `\`${c}\``).join(', '),
    help: didYouMean(key, choices),
  });
  return undefined;
}

/** `lookup` over a word list that maps to itself. */
export function oneOf<T extends string>(ctx: Ctx, w: Word, choices: readonly T[], what: string): T | undefined {
  return lookup(ctx, w, Object.fromEntries(choices.map((c) => [c, c])) as Record<string, T>, what);
}
