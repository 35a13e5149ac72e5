/**
 * Network domains (node `domain`: a VPC, an IDC, an edge site) and the links between them
 * (clouds.md, ACK Edge A-03, A+04): nodes of different domains reach each other's private
 * addresses only over a link that carries them — leased lines, VPNs and Raven tunnels, both ways;
 * the public internet carries packets to public addresses only. Raven's L3 tunnel needs the edge
 * side's internet access and its IPsec/VXLAN ports open; its L7 proxy carries host-level traffic
 * to node addresses only.
 */
import type { LinkSpec } from '../spec/types.js';
import type { ClusterState, NodeState } from '../model/state.js';
import type { Flow } from './types.js';
import { fail, hop, type Walk } from './walk.js';

/**
 * Nodes in different network domains (node `domain`) reach each other's private addresses only
 * over a link that carries them: leased lines, VPNs and Raven tunnels, both ways. The public
 * internet carries packets to public addresses only (A-03: the cloud cannot reach edge nodes).
 */
export function acrossDomains(state: ClusterState, from: NodeState, to: NodeState, w: Walk, toNodeAddress: boolean): Walk | Flow {
  return betweenDomains(state, from.spec.domain, to.spec.domain, w, from.name, `node ${from.name}`, toNodeAddress ? `node ${to.name}` : `a pod on node ${to.name}`, true, toNodeAddress);
}

/**
 * From network domain `a` to a private address in domain `b` (undefined: the cluster's main
 * network): the link that carries it, or the flow that ends for want of one. `ravenOk`: cluster members use Raven's
 * tunnel; machines outside the cluster cannot.
 */
export function betweenDomains(
  state: ClusterState,
  a: string | undefined,
  b: string | undefined,
  w: Walk,
  at: string | undefined,
  fromText: string,
  toText: string,
  ravenOk: boolean,
  toNodeAddress = false,
): Walk | Flow {
  if (a === b) return w;
  const where = at === undefined ? {} : { at };
  const name = (d: string | undefined): string => (d === undefined ? "the cluster's main network" : `domain ${d}`);
  const key = (d: string | undefined): string => d ?? '';
  const links = state.spec.links;
  const joins = (l: (typeof links)[number], x: string, y: string): boolean => (key(l.a) === x && key(l.b) === y) || (key(l.a) === y && key(l.b) === x);
  const both = links.find((l) => l.kind !== 'internet' && (ravenOk || (l.kind !== 'raven' && l.kind !== 'raven-proxy')) && joins(l, key(a), key(b)));
  if (both?.kind === 'raven-proxy') {
    const rule = `link ${both.a} ${both.b} raven-proxy`;
    if (!toNodeAddress)
      return fail(w, 'timeout', 'no-route', {
        stage: 'routing',
        ...where,
        text: `Raven's L7 proxy between ${name(a)} and ${name(b)} carries host-level traffic to node addresses only; ${toText} needs the L3 tunnel (enable-l3-tunnel in raven-cfg: \`link ${both.a} ${both.b} raven\`)`,
        rule,
      });
    const closed = ravenProxyBlocked(state, both);
    if (closed) return fail(w, 'timeout', closed.cause, { stage: 'routing', ...where, text: `Raven's L7 proxy between ${name(a)} and ${name(b)} is down: ${closed.why}`, rule });
    return hop(w, { stage: 'routing', ...where, text: `from ${name(a)} to ${name(b)} through Raven's L7 proxy (host-level traffic to a node address)`, rule });
  }
  if (both?.kind === 'raven') {
    const blocked = ravenBlocked(state, both);
    if (blocked)
      return fail(w, 'timeout', blocked.cause, { stage: 'routing', ...where, text: `the Raven tunnel between ${name(a)} and ${name(b)} is down: ${blocked.why}`, rule: `link ${both.a} ${both.b} raven` });
  }
  if (both)
    return hop(w, {
      stage: 'routing',
      ...where,
      text: `from ${name(a)} to ${name(b)} over the ${both.kind === 'raven' ? 'Raven tunnel (opened from the edge, then used both ways)' : both.kind}`,
      rule: `link ${both.a} ${both.b} ${both.kind}`,
    });
  // The internet carries packets to public addresses only (EIPs, public load balancers, which
  // the caller routes as such); a private address of another domain is not among them.
  const out = links.find((l) => l.kind === 'internet' && key(l.a) === key(a) && key(l.b) === key(b));
  if (out)
    return fail(w, 'timeout', 'no-route', {
      stage: 'routing',
      ...where,
      text: `${name(a)} reaches ${name(b)} only over the public internet, which carries packets to public addresses (elastic IPs, public load balancers), never to ${toText}'s private address: that needs Raven's tunnel, a leased line or a VPN`,
      rule: `link ${out.a} ${out.b} internet`,
    });
  const back = links.find((l) => l.kind === 'internet' && key(l.a) === key(b) && key(l.b) === key(a));
  const raven = !ravenOk && links.find((l) => (l.kind === 'raven' || l.kind === 'raven-proxy') && joins(l, key(a), key(b)));
  return fail(w, 'timeout', 'no-route', {
    stage: 'routing',
    ...where,
    text: back
      ? `${name(b)} reaches ${name(a)} over the internet through NAT, but nothing in ${name(a)} can open a connection to ${toText} in ${name(b)}`
      : raven
        ? `${fromText} (${name(a)}) and ${toText} (${name(b)}) are joined only by Raven's tunnel, which carries the cluster's own traffic, not other machines'`
        : `${fromText} (${name(a)}) and ${toText} (${name(b)}) are in different network domains and no link joins them`,
    ...(back ? { rule: `link ${back.a} ${back.b} internet` } : {}),
  });
}

/** The link by which network domain `domain` reaches the internet (its own NAT), if any. */
export function internetLinkOf(state: ClusterState, domain: string): LinkSpec | undefined {
  return state.spec.links.find((l) => l.kind === 'internet' && l.a === domain);
}

/** Why Raven is down: a security group closes its ports, or the edge has no way out. */
interface RavenDown {
  readonly why: string;
  readonly cause: 'security-group' | 'no-route';
}

/**
 * Whether Raven can come up between edge domain `a` and cloud domain `b` (clouds.md A+04): the
 * edge side must reach the internet (seed 001: 边缘侧 IDC 或设备具有访问公网的能力), where it opens
 * the tunnel; its L3 tunnel needs some edge node admitting UDP 4500 (IPsec) and some cloud node
 * UDP 8472 (VXLAN); its L7 proxy needs some edge node admitting TCP 10280-10284. Nodes without
 * security groups admit everything.
 */
function ravenBlocked(state: ClusterState, link: { readonly a: string; readonly b: string }): RavenDown | undefined {
  return (
    noInternet(state, link, 'tunnel') ??
    (!domainAdmits(state, link.a, 'UDP', 4500, 4500)
      ? { why: `no node of domain ${link.a} admits UDP 4500 (IPsec), which the edge side of the tunnel needs`, cause: 'security-group' }
      : !domainAdmits(state, link.b, 'UDP', 8472, 8472)
        ? { why: `no node of domain ${link.b} admits UDP 8472 (VXLAN), which the cloud side of the tunnel needs`, cause: 'security-group' }
        : undefined)
  );
}

function ravenProxyBlocked(state: ClusterState, link: { readonly a: string; readonly b: string }): RavenDown | undefined {
  return (
    noInternet(state, link, "proxy's connection") ??
    (domainAdmits(state, link.a, 'TCP', 10280, 10284) ? undefined : { why: `no node of domain ${link.a} admits TCP 10280-10284, which the proxy's edge side needs`, cause: 'security-group' })
  );
}

function noInternet(state: ClusterState, link: { readonly a: string; readonly b: string }, what: string): RavenDown | undefined {
  if (internetLinkOf(state, link.a)) return undefined;
  return { why: `domain ${link.a} has no internet access (no \`link ${link.a} ${link.b} internet\`), and Raven's edge side opens the ${what} over the internet`, cause: 'no-route' };
}

/** Some node of `domain` has no security group, or an ingress rule covering `protocol` ports from..to. */
function domainAdmits(state: ClusterState, domain: string, protocol: 'TCP' | 'UDP', from: number, to: number): boolean {
  return state.nodes
    .filter((n) => (n.spec.domain ?? '') === domain)
    .some((n) => {
      const groups = state.securityGroupsByNode.get(n.name);
      if (!groups) return true;
      return groups.some((g) => g.rules.some((r) => r.direction === 'ingress' && (r.protocol === 'all' || r.protocol === protocol) && r.ports[0] <= from && to <= r.ports[1]));
    });
}

/** Nodes of one network domain: security groups see their traffic as the wire carries it. */
export function sameDomain(a: NodeState, b: NodeState): boolean {
  return a.spec.domain === b.spec.domain;
}
