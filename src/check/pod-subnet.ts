/** A provider whose pods take a separate subnet (TKE VPC-CNI) needs it declared and apart from the nodes. */
import { profileById } from '../cloud/profiles.js';
import type { Span } from '../spec/types.js';
import { ipInCidr, validateIp } from '../address/validate.js';
import { DIAG } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import type { ClusterBase } from './settings.js';

export function podSubnetRule(ctx: Ctx, base: ClusterBase, converted: readonly Converted[], clusterSpan: Span | undefined): void {
  const rule = profileById(base.provider).separatePodSubnet;
  if (!rule || !rule.modes.includes(base.networkMode)) return;
  if (!base.podCidrSpan) {
    if (clusterSpan)
      error(ctx, DIAG.settingValue, clusterSpan, `pods of this ${base.networkMode} cluster need the subnet they take addresses from`, {
        label: 'no `pod-cidr`',
        notes: [rule.doc],
        help: 'declare it, apart from the nodes\' subnet: e.g. `pod-cidr 10.0.64.0/18`',
      });
    return;
  }
  for (const c of converted) {
    if (c.object.kind !== 'node') continue;
    for (const a of c.object.spec.addresses) {
      const ip = validateIp(a.ip);
      const inside = typeof ip === 'string' ? undefined : base.podCidrs.find((p) => ipInCidr(ip, p));
      if (inside)
        error(ctx, DIAG.settingValue, base.podCidrSpan, `the pod subnet ${inside.text} holds node ${c.object.spec.name}'s address ${a.ip}`, {
          label: 'not a separate subnet',
          notes: [rule.doc],
          help: 'choose a free subnet of the VPC that no node uses',
        });
    }
  }
}
