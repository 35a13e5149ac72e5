/**
 * A Service's cloud load balancer (clouds.md §5 "LB stage"): the checks a connection meets, in
 * order, then the backends it is sent to.
 *
 * Checks (CHECKS, each named for the setting or annotation it follows; a failed check ends the
 * connection there):
 * - scheme: an internal load balancer has no public address, so nothing on the internet reaches it;
 * - listener: only the Service's ports (and protocols) have listeners;
 * - access control: the provider's ACL (white or black list of CIDRs) by the client address;
 * - source ranges: loadBalancerSourceRanges (upstream), by the client address;
 * - client address: a provider that proxies connects to its backends from its own range, and the
 *   client address is lost.
 * Backends: ready nodes (minus those labelled out of external load balancers, and only those the
 * provider's backend selector picks; ACK Edge ENS: one load balancer per matching node pool),
 * each on the Service's nodePort with the client address kept (without node ports: the LB
 * address itself, for kube-proxy's LB-IP rules); or the pods themselves where the provider sends
 * straight to pods. Health checks (health-checks.ts) keep the backends that pass; with
 * externalTrafficPolicy Local they keep only nodes with a local ready endpoint, and some providers
 * weigh nodes by those endpoints. A node that receives its own packet back with its own address
 * as source drops it (hairpin). Fan-outs over nodes × endpoints are summarised (alike.ts).
 */
import { parseNodeSelector } from '../cloud/annotations.js';
import type { LbSettings } from '../cloud/profile.js';
import type { ClusterState, NodeState, ServicePortState, ServiceState } from '../model/state.js';
import { inAnyCidr, ipFamilyOf, ipPort, parseAnyCidr, rangeAddress } from '../address/ip.js';
import { ownersOf } from '../model/state.js';
import { describeConnection } from '../policy/describe.js';
import { matchesSelector } from '../spec/selector.js';
import { alikeNodesText, distinctOfWalk, refuseNested, summariseNodes } from './alike.js';
import { deliverToPod } from './delivery.js';
import { localEndpoints } from './endpoint-selection.js';
import { healthSummary, nodeHealth, podHealth, sourceDescription, type Health } from './health-checks.js';
import { intoPodFromAfar } from './host-endpoint.js';
import { decidedBy, productOf } from './load-balancer-settings.js';
import type { Onward } from './onward.js';
import { lbSecurityGroups } from './security-groups.js';
import type { Flow } from './types.js';
import { fail, hop, withAlike, withBranch, withPacket, type Walk } from './walk.js';

/** Upstream: nodes with this label are never backends of external load balancers. */
const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** What every check of one load balancer knows. */
interface LbContext {
  readonly state: ClusterState;
  readonly svc: ServiceState;
  /** The product's name in traces (`ELB`, `CLB`, `load balancer`). */
  readonly product: string;
  /** Where the hops happen: the product and its address. */
  readonly at: string;
  /** The annotation (or profile default) that set a setting. */
  readonly why: (k: keyof LbSettings) => string;
  /** The client address as the load balancer received it. */
  readonly client: string;
}

/** One check of the load balancer's: the walk goes on (with a hop saying it passed), or ends. */
interface LbCheck {
  readonly name: string;
  readonly run: (lb: LbContext, w: Walk) => Walk | Flow;
}

const CHECKS: readonly LbCheck[] = [
  {
    name: 'scheme',
    run: ({ svc, product, at, why }, w) =>
      svc.lb?.settings.scheme === 'internal' && w.origin.kind === 'outside' && w.origin.where === 'internet'
        ? fail(w, 'unreachable', 'no-route', {
            stage: 'load-balancer',
            at,
            text: `the ${product} of Service ${svc.key} is internal (${why('scheme')}): it has no public address, nothing on the internet reaches it`,
            rule: `Service ${svc.key} load balancer scheme internal`,
          })
        : w,
  },
  {
    name: 'listener',
    run: ({ svc, at }, w) =>
      listenerOf(svc, w) >= 0 ? w : fail(w, 'timeout', 'no-service-port', { stage: 'load-balancer', at, text: `the load balancer of Service ${svc.key} has no listener on ${describeConnection(w.packet.dstPort, w.packet.protocol)}` }),
  },
  {
    name: 'access control',
    run: ({ state, svc, product, at, why, client }, w) => {
      const settings = svc.lb?.settings;
      if (!settings?.aclEnabled || settings.aclId === undefined) return w;
      const acl = state.spec.lbAcls.find((a) => a.name === settings.aclId);
      const mode = settings.aclMode ?? 'white';
      const listed = acl !== undefined && inAnyCidr(acl.cidrs.map(parseAnyCidr).filter((c) => c !== undefined), client);
      const rule = `Service ${svc.key} load balancer ACL ${settings.aclId} (${mode} list)`;
      const entries = acl ? acl.cidrs.join(', ') : 'no such ACL';
      if (mode === 'white' ? !listed : listed)
        return fail(w, 'timeout', 'acl', {
          stage: 'load-balancer',
          at,
          text: `the ${product}'s access control ${mode === 'white' ? `admits only ${entries}` : `denies ${entries}`} (${why('aclId')}): source ${client} is dropped`,
          rule,
        });
      return hop(w, { stage: 'load-balancer', at, text: `source ${client} passes the ${product}'s access control (${mode} list ${settings.aclId}: ${entries})`, rule });
    },
  },
  {
    name: 'source ranges',
    run: ({ svc, at, client }, w) => {
      if (svc.spec.loadBalancerSourceRanges.length === 0) return w;
      const ranges = svc.spec.loadBalancerSourceRanges.map(parseAnyCidr).filter((c) => c !== undefined);
      const list = svc.spec.loadBalancerSourceRanges.map((r) => r.trim()).join(', ');
      const rule = `Service ${svc.key} loadBalancerSourceRanges`;
      if (!inAnyCidr(ranges, client)) return fail(w, 'timeout', 'source-ranges', { stage: 'load-balancer', at, text: `source ${client} is not in loadBalancerSourceRanges ${list}: the load balancer drops it`, rule });
      return hop(w, { stage: 'load-balancer', at, text: `source ${client} is in loadBalancerSourceRanges ${list}`, rule });
    },
  },
  {
    name: 'client address',
    run: ({ svc, product, at, why, client }, w) => {
      const settings = svc.lb?.settings;
      if (settings?.clientAddress !== 'lb-range' || !settings.lbSourceRange || ipFamilyOf(client) !== 4) return w;
      const own = rangeAddress(settings.lbSourceRange);
      if (!own) return w;
      return withPacket(
        w,
        { ...w.packet, src: own },
        {
          stage: 'load-balancer',
          at,
          text: `the ${product} connects to its backends from its own address ${own} (in ${settings.lbSourceRange}; ${why('clientAddress')}): the client address ${client} is lost`,
          rule: `Service ${svc.key} load balancer client address`,
          nat: [{ kind: 'SNAT', from: client, to: own }],
        },
        true,
      );
    },
  },
];

/** The index of the Service port whose listener takes the packet, or -1. */
function listenerOf(svc: ServiceState, w: Walk): number {
  return svc.ports.findIndex((p) => p.port === w.packet.dstPort && p.protocol === w.packet.protocol);
}

/** A connection arriving at the load balancer of `svc`: its checks, then its backends. */
export function atLoadBalancer(state: ClusterState, svc: ServiceState, w: Walk, onward: Onward): Flow[] {
  const product = productOf(svc);
  const lb: LbContext = { state, svc, product, at: `${product} ${w.packet.dst}`, why: (k) => decidedBy(svc, k), client: w.packet.src };
  let walk = w;
  for (const check of CHECKS) {
    const next = check.run(lb, walk);
    if ('outcome' in next) return [next];
    walk = next;
  }
  return toBackends(lb, listenerOf(svc, w), walk, onward);
}

/** The backends: the pods themselves, or the ready nodes the provider picks (per pool for ENS). */
function toBackends(lb: LbContext, j: number, walk: Walk, onward: Onward): Flow[] {
  const { state, svc, product, at, why, client: src } = lb;
  const settings = svc.lb?.settings;
  if (settings?.backends === 'pod') return toPodBackends(state, svc, j, walk, at, `${product} sends straight to the pod (${why('backends')}), no NodePort and no kube-proxy`);
  // Backends: ready nodes, minus those labelled out of external load balancers (upstream), and
  // only those the provider's backend selector picks (TKE backends-label: none picked drains the LB).
  let nodes = state.nodes.filter((n) => n.spec.ready && n.spec.labels[EXCLUDE_FROM_LB] === undefined);
  const selectorText = settings?.backendNodeSelector;
  const selector = selectorText === undefined ? undefined : parseNodeSelector(selectorText);
  if (selector) {
    nodes = nodes.filter((n) => matchesSelector(selector, { 'kubernetes.io/hostname': n.name, ...n.spec.labels }));
    if (nodes.length === 0)
      return [
        fail(walk, 'timeout', 'no-endpoints', {
          stage: 'load-balancer',
          at,
          text: `the ${product}'s backend selector ${selectorText} (${why('backendNodeSelector')}) picks no ready node: every backend is drained`,
          rule: `Service ${svc.key} load balancer backends`,
        }),
      ];
  }
  if (nodes.length === 0) return [fail(walk, 'timeout', 'no-endpoints', { stage: 'load-balancer', at, text: `the load balancer of Service ${svc.key} has no ready node as backend` })];
  // ACK Edge ENS: one ELB per node pool the Service's pool selector matches, each sending to its
  // own pool's nodes (A+13); a client reaches one of them.
  const poolText = settings?.poolSelector;
  const poolSelector = poolText === undefined ? undefined : parseNodeSelector(poolText);
  if (poolSelector) {
    const byPool = new Map<string, NodeState[]>();
    for (const n of nodes) {
      const pool = n.pool;
      if (pool === undefined || !matchesSelector(poolSelector, { ...n.spec.labels, 'apps.openyurt.io/nodepool': pool, 'alibabacloud.com/nodepool-id': pool })) continue;
      byPool.set(pool, [...(byPool.get(pool) ?? []), n]);
    }
    if (byPool.size === 0)
      return [
        fail(walk, 'timeout', 'no-endpoints', {
          stage: 'load-balancer',
          at,
          text: `the node-pool selector ${poolText} (${why('poolSelector')}) matches no pool with a ready node: no ENS load balancer is created`,
          rule: `Service ${svc.key} load balancer pools`,
        }),
      ];
    return [...byPool].flatMap(([pool, poolNodes]) =>
      toNodeBackends(
        state,
        svc,
        j,
        hop(withBranch(walk, `ENS ELB of pool ${pool}`, 1 / byPool.size), {
          stage: 'load-balancer',
          at,
          text: `pool ${pool}'s ENS load balancer (one per pool matching ${poolText}; ${why('poolSelector')}) sends to the pool's nodes ${poolNodes.map((n) => n.name).join(', ')}`,
          rule: `Service ${svc.key} load balancer pools`,
        }),
        at,
        poolNodes,
        src,
        onward,
      ),
    );
  }
  return toNodeBackends(state, svc, j, walk, at, nodes, src, onward);
}

/** Node backends of a load balancer: health checks, weights, then each node's NodePort. */
function toNodeBackends(state: ClusterState, svc: ServiceState, j: number, w: Walk, at: string, candidates: readonly NodeState[], src: string, onward: Onward): Flow[] {
  const lb = svc.lb;
  const product = productOf(svc);
  const why = (k: keyof LbSettings): string => decidedBy(svc, k);
  const port = svc.ports[j] as ServicePortState;
  const { dst, dstPort } = w.packet;
  let walk = w;
  let nodes = candidates;
  const checked = withHealthChecks(state, svc, walk, at, nodes.map((n) => ({ name: `node ${n.name}`, item: n })), (n) => nodeHealth(state, svc, j, n, onward));
  if ('outcome' in checked) return [checked];
  walk = checked.walk;
  nodes = checked.items;
  // Backend weights: equal, or under externalTrafficPolicy Local the number of local ready
  // endpoints where the provider weighs nodes so (ACK by default, TKE local-svc-weighted-balance).
  const byPods = svc.spec.externalTrafficPolicy === 'Local' && lb?.settings.nodeWeights === 'local-endpoints';
  const weights = nodes.map((n) => (byPods ? localEndpoints(svc.endpointsByPort[j] ?? [], n).endpoints.filter((e) => e.ready).length : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  if (byPods && total > 0)
    walk = hop(walk, {
      stage: 'load-balancer',
      at,
      text: `backend weights follow each node's local ready endpoints (${why('nodeWeights')}): ${nodes.map((n, i) => `${n.name} ${weights[i]}`).join(', ')}`,
      rule: `Service ${svc.key} load balancer weights`,
    });
  const toNode = (node: NodeState, branch: Walk): Flow[] => {
    // Hairpin: the load balancer kept the source, and the source is this very node (a pod or
    // process on it that went out to the LB): the node drops a packet from its own address.
    if (node.addresses.includes(walk.packet.src))
      return [
        fail(branch, 'timeout', 'hairpin', {
          stage: 'load-balancer',
          at,
          text: `the ${product} sends the connection back to node ${node.name} with the node's own address ${walk.packet.src} as source: the node drops it (load-balancer hairpin / loopback)`,
          rule: `Service ${svc.key} load balancer, client address kept`,
        }),
      ];
    if (port.nodePort !== undefined) {
      const fwd = withPacket(
        branch,
        { ...branch.packet, dst: node.ip, dstPort: port.nodePort },
        {
          stage: 'load-balancer',
          at,
          text: `the ${product} forwards to node ${node.name} ${ipPort(node.ip, port.nodePort)} (NodePort of ${svc.key} port ${port.name ?? port.port})${walk.packet.src === src ? ', keeping the client address' : ''}`,
          rule: `Service ${svc.key} port ${port.name ?? port.port}`,
          nat: [{ kind: 'DNAT', from: ipPort(dst, dstPort), to: ipPort(node.ip, port.nodePort) }],
        },
      );
      return onward.enterNode(state, node, fwd, port.nodePort, lb ? svc : undefined);
    }
    const fwd = hop(branch, {
      stage: 'load-balancer',
      at,
      text: `the load balancer delivers ${ipPort(dst, dstPort)} to node ${node.name} unchanged (no node ports: allocateLoadBalancerNodePorts=false)`,
    });
    return onward.enterNode(state, node, fwd, dstPort, lb ? svc : undefined);
  };
  const shareOf = (i: number): number => (total > 0 ? (weights[i] ?? 0) / total : 1 / nodes.length);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const summarised = summariseNodes(state, svc, j, distinctOfWalk(state, walk), nodes, (n) => String(weights[index.get(n) ?? -1] ?? 0));
  if (summarised) {
    refuseNested(walk, nodes.length, `the ${product} of Service ${svc.key} sending to ${nodes.length} nodes`);
    return summarised.flatMap((cls) => {
      const node = cls[0] as NodeState;
      const share = cls.reduce((a, n) => a + shareOf(index.get(n) ?? -1), 0);
      return toNode(node, withAlike(withBranch(walk, alikeNodesText(node, cls.length), share), { nodes: cls, paths: cls.length }));
    });
  }
  return nodes.flatMap((node, i) => toNode(node, withBranch(walk, `via node ${node.name}`, shareOf(i))));
}

/** A load balancer with pod backends: each ready endpoint's address, routed through the VPC. */
function toPodBackends(state: ClusterState, svc: ServiceState, portIndex: number, w: Walk, at: string, how: string): Flow[] {
  const eps = (svc.endpointsByPort[portIndex] ?? []).filter((e) => e.ready);
  if (eps.length === 0) return [fail(w, 'timeout', 'no-endpoints', { stage: 'load-balancer', at, text: `${how}, but Service ${svc.key} has no ready pod` })];
  const placed = eps.map((ep) => {
    const owner = ownersOf(state, ep.address)?.find((o) => o.kind === 'pod');
    const pod = owner?.kind === 'pod' && owner.pod.node ? owner.pod : undefined;
    return { ep, pod };
  });
  const checked = withHealthChecks(
    state,
    svc,
    w,
    at,
    placed.map((x) => ({ name: `pod ${x.pod?.key ?? x.ep.address}`, item: x })),
    (x) => (x.pod?.node ? podHealth(state, svc, portIndex, x.ep, x.pod, x.pod.node) : { healthy: false, why: `${x.ep.address} is not a pod the VPC can route to` }),
  );
  if ('outcome' in checked) return [checked];
  return checked.items.flatMap(({ ep, pod }) => {
    const branch = withBranch(checked.walk, `endpoint ${ep.address}`, 1 / checked.items.length);
    const fwd = withPacket(
      branch,
      { ...branch.packet, dst: ep.address, dstPort: ep.port },
      { stage: 'load-balancer', at, text: `${how}: ${ipPort(ep.address, ep.port)}`, rule: `Service ${svc.key} endpoint ${ep.address}`, nat: [{ kind: 'DNAT', from: ipPort(w.packet.dst, w.packet.dstPort), to: ipPort(ep.address, ep.port) }] },
    );
    if (!pod?.node) return [fail(fwd, 'timeout', 'no-route', { stage: 'routing', at, text: `${ep.address} is not a pod the VPC can route to` })];
    const node = pod.node;
    const routed = hop(fwd, { stage: 'routing', text: `the VPC routes pod address ${ep.address} to node ${node.name} (${state.spec.networkMode})` });
    const admitted = lbSecurityGroups(state, node, routed, ep.port, svc, pod);
    if ('outcome' in admitted) return [admitted];
    const arrived = intoPodFromAfar(state, node, admitted);
    return 'outcome' in arrived ? [arrived] : [deliverToPod(state, pod, arrived)];
  });
}

/**
 * Keeps the backends that pass their health checks, with a hop saying which failed and why.
 * When none passes, the load balancer fails open or drops (setting lbAllUnhealthy).
 */
function withHealthChecks<T>(
  state: ClusterState,
  svc: ServiceState,
  w: Walk,
  at: string,
  backends: readonly { readonly name: string; readonly item: T }[],
  healthOf: (item: T) => Health,
): { walk: Walk; items: T[] } | Flow {
  const product = productOf(svc);
  if (svc.lb && !svc.lb.settings.healthChecks)
    return {
      walk: hop(w, {
        stage: 'load-balancer',
        at,
        text: `health checks are off (${decidedBy(svc, 'healthChecks')}): the ${product} treats all ${backends.length} backends as healthy`,
        rule: `Service ${svc.key} load balancer health checks`,
      }),
      items: backends.map((r) => r.item),
    };
  const results = backends.map((b) => ({ ...b, health: healthOf(b.item) }));
  const text = healthSummary(results, sourceDescription(state, svc));
  const healthy = results.filter((r) => r.health.healthy);
  if (healthy.length > 0) return { walk: hop(w, { stage: 'load-balancer', at, text, rule: `Service ${svc.key} load balancer health checks` }), items: healthy.map((r) => r.item) };
  if (state.spec.settings.lbAllUnhealthy === 'drop')
    return fail(w, 'timeout', 'health-check', {
      stage: 'load-balancer',
      at,
      text: `${text}: with no healthy backend the ${product} drops the connection (setting lbAllUnhealthy drop)`,
      rule: `Service ${svc.key} load balancer health checks`,
      setting: 'lbAllUnhealthy',
    });
  return {
    walk: hop(w, {
      stage: 'load-balancer',
      at,
      text: `${text}: every backend fails, so the ${product} fails open and sends to all of them (setting lbAllUnhealthy, default fail-open as AWS documents; CCE, ACK and TKE documents are silent)`,
      rule: `Service ${svc.key} load balancer health checks`,
      setting: 'lbAllUnhealthy',
    }),
    items: results.map((r) => r.item),
  };
}
