/**
 * kubevirt.io/v1 VirtualMachine → the pod that runs it. KubeVirt runs each virtual machine in a
 * launcher pod (`virt-launcher-<vm>`), owned by the VirtualMachineInstance, whose labels are the
 * VM template's labels (https://kubevirt.io/user-guide/user_workloads/virtual_machine_instances/):
 * NetworkPolicies select a VM by them, as any pod. So a VM becomes one pod:
 * - named `virt-launcher-<vm>` (KubeVirt adds a random suffix; netscn needs a fixed name), in the
 *   VM's namespace, labelled with `spec.template.metadata.labels`, owned by the VirtualMachine;
 * - with no container ports (a VM's guest listens where it likes: policies' named ports find none);
 * - attached to the Multus secondary networks of `spec.template.spec.networks[].multus.networkName`
 *   (a NetworkAttachmentDefinition, of the VM's namespace when unqualified);
 * - whatever its run strategy: a stopped VM is analysed as if started, so its policy is checked
 *   before it runs (netpol-analyzer does the same).
 * A launcher pod given alongside its VirtualMachine is the same workload: objects.ts keeps the
 * VM's pod (`launcherOf`).
 */
import type { PodSpec } from '../../spec/types.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asMap, asSeq, asString, asStringMap, child, field, missing } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';

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
  const vp = child(tp, 'spec');
  const secondaryNetworks = multusNetworks(r, asMap(r, field(template, 'spec'), vp), vp, meta?.namespace ?? 'default');
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
    ...(secondaryNetworks.length > 0 ? { secondaryNetworks } : {}),
    owner: { kind: 'VirtualMachine', name: meta.name },
    generation: 0,
    span: meta.span,
  };
}

/** `namespace/name` of each `networks[].multus.networkName` of a VM's template spec, in order, once. */
function multusNetworks(r: Reader, spec: LMap | undefined, path: string, namespace: string): string[] {
  const out: string[] = [];
  const np = child(path, 'networks');
  asSeq(r, field(spec, 'networks'), np).forEach((n, i) => {
    const p = child(child(np, i), 'multus');
    const multus = asMap(r, field(asMap(r, n, child(np, i)), 'multus'), p);
    const name = asString(r, field(multus, 'networkName'), child(p, 'networkName'));
    if (name === undefined || name === '') return;
    const key = name.includes('/') ? name : `${namespace}/${name}`;
    if (!out.includes(key)) out.push(key);
  });
  return out;
}
