/**
 * Port cuts: the ports where some policy's verdict may change, per protocol. Every policy
 * (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, Calico's: destination ports
 * and notPorts of every rule, whatever its protocol; Cilium's: every toPorts entry of every rule,
 * allow and deny) decides the same way for all
 * ports of [cut[i], cut[i+1] - 1], so one port per interval stands for all of them.
 */
import type { CalicoPolicies } from '../spec/calico.js';
import type { CiliumPolicies } from '../spec/cilium.js';
import type { AdminNetworkPolicySpec, BaselineAdminNetworkPolicySpec, ContainerPort, NetworkPolicySpec, Protocol } from '../spec/types.js';

export interface PortCutInput extends CalicoPolicies, CiliumPolicies {
  readonly policies: readonly NetworkPolicySpec[];
  readonly adminNetworkPolicies?: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
  /** Pods whose named container ports policies may refer to. */
  readonly pods: readonly { readonly ports: readonly ContainerPort[] }[];
}

/** Sorted interval starts, always beginning with 1. */
export function policyPortCuts(input: PortCutInput, protocol: Protocol): number[] {
  const cuts = new Set<number>([1]);
  const add = (from: number, to: number): void => {
    cuts.add(from);
    if (to + 1 <= 65535) cuts.add(to + 1);
  };
  const named = (name: string): void => {
    for (const pod of input.pods) for (const cp of pod.ports) if (cp.name === name && cp.protocol === protocol) add(cp.containerPort, cp.containerPort);
  };
  for (const p of input.policies) {
    for (const rule of [...p.ingress, ...p.egress]) {
      for (const port of rule.ports) {
        if (port.protocol !== protocol || port.port === undefined) continue;
        if (typeof port.port === 'number') add(port.port, port.endPort ?? port.port);
        else named(port.port);
      }
    }
  }
  const banp = input.baselineAdminNetworkPolicy;
  for (const policy of [...(input.adminNetworkPolicies ?? []), ...(banp ? [banp] : [])]) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const port of rule.ports ?? []) {
        if (port.kind === 'number' && port.protocol === protocol) add(port.port, port.port);
        else if (port.kind === 'range' && port.protocol === protocol) add(port.start, port.end);
        else if (port.kind === 'named') named(port.name);
      }
    }
  }
  for (const policy of [...(input.calicoNetworkPolicies ?? []), ...(input.calicoGlobalNetworkPolicies ?? [])]) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const port of [...rule.destination.ports, ...rule.destination.notPorts]) {
        if (port.kind === 'range') add(port.start, port.end);
        else named(port.name);
      }
    }
  }
  for (const policy of [...(input.ciliumNetworkPolicies ?? []), ...(input.ciliumClusterwideNetworkPolicies ?? [])]) {
    for (const spec of policy.rules) {
      for (const rule of [...(spec.ingress ?? []), ...(spec.ingressDeny ?? []), ...(spec.egress ?? []), ...(spec.egressDeny ?? [])]) {
        for (const port of rule.toPorts.flatMap((pr) => pr.ports)) {
          if (port.port === undefined || port.port === 0) continue;
          if (typeof port.port === 'number') add(port.port, port.endPort ?? port.port);
          else named(port.port);
        }
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}
