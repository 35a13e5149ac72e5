/**
 * Leaving the cluster (K-18, G-05): where an outside address is (a VPC host or the internet),
 * the pod's SNAT on the way out, and the way to the internet: a node's elastic IP, a domain's own
 * internet access, the VPC's NAT gateway, or none.
 * - pod → outside: SNAT to the node's address when egressMasquerade is on — always towards the
 *   internet, towards VPC hosts only in overlay mode (VPC-native pod addresses are routable).
 *   An unmasqueraded pod source cannot be answered from outside an overlay (timeout, no-route);
 * - pod → another node's address keeps the pod source (no SNAT inside the cluster).
 */
import type { ClusterState, NodeState } from '../model/state.js';
import { inAnyCidr, ipFamilyOf, isPrivateAddress } from '../address/ip.js';
import { ownersOf } from '../model/state.js';
import { internetLinkOf } from './network-domains.js';
import type { Flow } from './types.js';
import { fail, hop, withPacket, type Walk } from './walk.js';

/** Classifies an address outside the cluster: a VPC host, private ranges ⇒ vpc, else internet. */
export function outsideKind(state: ClusterState, ip: string): 'internet' | 'vpc' {
  for (const owner of ownersOf(state, ip) ?? []) if (owner.kind === 'host') return owner.host.kind;
  return isPrivateAddress(ip) ? 'vpc' : 'internet';
}

/** A packet leaving the cluster from `node`: the egress SNAT decision. */
export function egress(state: ClusterState, node: NodeState, w: Walk, kind: 'internet' | 'vpc'): Walk {
  const { src } = w.packet;
  if (!inAnyCidr(state.podCidrs, src) || ownersOf(state, src)?.some((o) => o.kind === 'node')) return w;
  const settings = state.spec.settings;
  if (!settings.egressMasquerade) return hop(w, { stage: 'routing', at: node.name, text: `leaves the cluster with the pod address ${src} (setting egressMasquerade=false)`, setting: 'egressMasquerade' });
  if (kind === 'vpc' && state.spec.networkMode !== 'overlay')
    return hop(w, { stage: 'routing', at: node.name, text: `leaves node ${node.name} with the pod address ${src}: pod addresses are VPC-routable (${state.spec.networkMode}), no SNAT` });
  return withPacket(
    w,
    { ...w.packet, src: node.ip },
    {
      stage: 'routing',
      at: node.name,
      text: `leaving the cluster: SNAT of the pod address ${src} to node ${node.name}'s address ${node.ip}`,
      rule: 'CNI egress masquerade',
      setting: 'egressMasquerade',
      nat: [{ kind: 'SNAT', from: src, to: node.ip }],
    },
    true,
  );
}

/**
 * Internet-bound traffic from `node` (K-18, G-05): from the node's EIP when it has one (the
 * cloud's one-to-one NAT, which takes precedence); from a node of another network domain through
 * that domain's own internet access (an `internet` link); else through the VPC's NAT gateway;
 * else a public source address leaves as it is. A private address with none of these has no path
 * to the internet on these clouds (setting internetExit `none`, the default); `direct` models a
 * network whose routers take it out anyway (a lab, an on-premises network with its own NAT).
 */
export function toInternet(state: ClusterState, node: NodeState, w: Walk): Walk | Flow {
  const eip = node.spec.eip;
  if (eip !== undefined && w.packet.src === node.ip && ipFamilyOf(eip) === ipFamilyOf(w.packet.src))
    return withPacket(
      w,
      { ...w.packet, src: eip },
      {
        stage: 'routing',
        at: node.name,
        text: `node ${node.name}'s elastic IP: the VPC translates ${w.packet.src} to ${eip} on the way to the internet`,
        rule: `node ${node.name} eip ${eip}`,
        nat: [{ kind: 'SNAT', from: w.packet.src, to: eip }],
      },
      true,
    );
  return internetExit(state, w, node.spec.domain, `node ${node.name}`, node.name);
}

/**
 * The way out to the internet of a machine without an elastic IP, in network domain `domain`
 * (undefined: the cluster's VPC): see toInternet.
 */
export function internetExit(state: ClusterState, w: Walk, domain: string | undefined, who: string, at: string | undefined): Walk | Flow {
  const where = at === undefined ? {} : { at };
  const { src } = w.packet;
  if (domain !== undefined) {
    const out = internetLinkOf(state, domain);
    if (out) return hop(w, { stage: 'routing', ...where, text: `leaves domain ${domain} for the internet through its own access (NAT of the site)`, rule: `link ${out.a} ${out.b} internet` });
    return fail(w, 'timeout', 'no-route', { stage: 'routing', ...where, text: `${who} is in domain ${domain}, which has no internet access (no \`link ${domain} … internet\`)` });
  }
  const gateway = throughNatGateway(state, w);
  if (gateway !== w) return gateway;
  if (!isPrivateAddress(src)) return w;
  if (state.spec.settings.internetExit === 'direct')
    return hop(w, { stage: 'routing', ...where, text: `the network takes ${src} out to the internet (setting internetExit direct)`, setting: 'internetExit' });
  return fail(w, 'timeout', 'no-route', {
    stage: 'routing',
    ...where,
    text: `${who} sends from the private address ${src} and has neither an elastic IP (\`eip\`) nor a NAT gateway (\`set nat-gateway\`): the VPC has no path to the internet for it (setting internetExit none)`,
    setting: 'internetExit',
  });
}

/** Internet-bound traffic leaves the VPC through its NAT gateway, when the cluster has one (G-05). */
function throughNatGateway(state: ClusterState, w: Walk): Walk {
  const nat = state.spec.settings.natGateway;
  // The NAT gateway's address is IPv4: IPv6 traffic leaves without it (no NAT66).
  if (nat === null || w.packet.src === nat || ipFamilyOf(w.packet.src) !== ipFamilyOf(nat)) return w;
  return withPacket(
    w,
    { ...w.packet, src: nat },
    {
      stage: 'routing',
      at: 'NAT gateway',
      text: `the VPC's NAT gateway translates ${w.packet.src} to its public address ${nat} on the way to the internet`,
      setting: 'natGateway',
      nat: [{ kind: 'SNAT', from: w.packet.src, to: nat }],
    },
    true,
  );
}
