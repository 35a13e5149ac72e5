/**
 * kubevirt.io/v1 VirtualMachine → the pod that runs it. KubeVirt runs each virtual machine in a
 * launcher pod (`virt-launcher-<vm>`), owned by the VirtualMachineInstance, whose labels are the
 * VM template's labels (https://kubevirt.io/user-guide/user_workloads/virtual_machine_instances/):
 * NetworkPolicies select a VM by them, as any pod. So a VM becomes one pod:
 * - named `virt-launcher-<vm>` (KubeVirt adds a random suffix; netscn needs a fixed name), in the
 *   VM's namespace, labelled with `spec.template.metadata.labels`, owned by the VirtualMachine;
 * - with no container ports (a VM's guest listens where it likes: policies' named ports find none);
 * - whatever its run strategy: a stopped VM is analysed as if started, so its policy is checked
 *   before it runs (netpol-analyzer does the same).
 * A launcher pod given alongside its VirtualMachine is the same workload: objects.ts keeps the
 * VM's pod (`launcherOf`).
 */
import type { PodSpec } from '../../spec/types.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asMap, asStringMap, child, field, missing } from '../read.js';
import type { Reader } from '../read.js';

/** The launcher pod's name for a VM. */
export function launcherPodName(vm: string): string {
  return `virt-launcher-${vm}`;
}

export function podFromVirtualMachine(r: Reader, obj: RawObject): PodSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  if (specNode === undefined) return missing(r, obj.map, sp, 'the VirtualMachine spec');
  const spec = asMap(r, specNode, sp);
  if (!spec) return undefined;
  const tp = child(sp, 'template');
  const tNode = field(spec, 'template');
  if (tNode === undefined) return missing(r, spec, tp, 'a VirtualMachineInstance template');
  const template = asMap(r, tNode, tp);
  const mp = child(tp, 'metadata');
  const labels = asStringMap(r, field(asMap(r, field(template, 'metadata'), mp), 'labels'), child(mp, 'labels'));
  if (!meta || !template) return undefined;
  return {
    name: launcherPodName(meta.name),
    namespace: meta.namespace ?? 'default',
    node: '',
    labels,
    ports: [],
    hostNetwork: false,
    ready: true,
    terminating: false,
    dnsPolicy: 'ClusterFirst',
    owner: { kind: 'VirtualMachine', name: meta.name },
    generation: 0,
    span: meta.span,
  };
}
