/**
 * The security group a provider creates for worker nodes with the cluster (profile
 * `nodeSecurityGroup`), made concrete for one cluster: `self` becomes a reference to the group,
 * `pod-cidr` the cluster's pod CIDRs, `vpc-cidr` the VPC's block (setting `vpc-cidr`, else the
 * RFC 1918 block holding the first node's address), `anywhere` 0.0.0.0/0 (and ::/0 on a
 * dual-stack cluster), `node-ports` the cluster's node-port range.
 */
import { cidrHas, ipFamilyOf, parseAnyCidr } from '../address/ip.js';
import type { NetworkMode, SecurityGroupRule, SecurityGroupSpec } from '../spec/types.js';
import type { DefaultSecurityGroup } from './profile.js';

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

export interface GroupCluster {
  readonly networkMode: NetworkMode;
  readonly podCidrs: readonly string[];
  readonly nodePortRange: readonly [number, number];
  /** Setting `vpc-cidr` (null: derived). */
  readonly vpcCidr: string | null;
  readonly firstNodeIp?: string;
}

/** The VPC's block: the setting, else the private block of the first node, else none. */
export function vpcCidrOf(c: GroupCluster): string | undefined {
  if (c.vpcCidr !== null) return c.vpcCidr;
  const ip = c.firstNodeIp;
  if (ip === undefined) return undefined;
  return RFC1918.find((b) => {
    const cidr = parseAnyCidr(b);
    return cidr !== undefined && cidrHas(cidr, ip);
  });
}

export function nodeSecurityGroup(g: DefaultSecurityGroup, c: GroupCluster): SecurityGroupSpec {
  const dualStack = c.podCidrs.some((p) => ipFamilyOf(p.split('/')[0] ?? '') === 6);
  const rules: SecurityGroupRule[] = [];
  for (const r of g.rules) {
    if (r.modes && !r.modes.includes(c.networkMode)) continue;
    const ports: readonly [number, number] = r.ports === undefined || r.protocol === 'all' ? [1, 65535] : r.ports === 'node-ports' ? c.nodePortRange : r.ports;
    const base = { direction: 'ingress', protocol: r.protocol, ports } as const;
    switch (r.peer) {
      case 'self':
        rules.push({ ...base, cidr: '', group: g.name });
        break;
      case 'pod-cidr':
        for (const cidr of c.podCidrs) rules.push({ ...base, cidr });
        break;
      case 'vpc-cidr': {
        const cidr = vpcCidrOf(c);
        if (cidr !== undefined) rules.push({ ...base, cidr });
        break;
      }
      case 'anywhere':
        rules.push({ ...base, cidr: '0.0.0.0/0' });
        if (dualStack) rules.push({ ...base, cidr: '::/0' });
        break;
      default: {
        const never: never = r.peer;
        return never;
      }
    }
  }
  return { name: g.name, pools: [], nodes: [], rules, byDefault: { doc: g.doc } };
}
