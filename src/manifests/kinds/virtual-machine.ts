/**
 * kubevirt.io/v1 VirtualMachine → the pod that runs it. KubeVirt runs each virtual machine in a
 * launcher pod (`virt-launcher-<vm>`), owned by the VirtualMachineInstance, whose labels are the
 * VM template's labels (https://kubevirt.io/user-guide/user_workloads/virtual_machine_instances/):
 * NetworkPolicies select a VM by them, as any pod. So a VM becomes one pod:
 * - named `virt-launcher-<vm>` (KubeVirt adds a random suffix; netscn needs a fixed name), in the
 *   VM's namespace, labelled with `spec.template.metadata.labels`, owned by the VirtualMachine;
 * - with no container ports (a VM's guest listens where it likes: policies' named ports find none);
 * - attached to the Multus secondary networks of `spec.template.spec.networks[].multus.networkName`
 *   (a NetworkAttachmentDefinition, of the VM's namespace when unqualified), with the addresses
 *   the guest gives itself: those its cloud-init network data (`volumes[].cloudInitNoCloud` or
 *   `cloudInitConfigDrive` `networkData`, netplan version 2 `ethernets`) gives every interface
 *   but `eth0` (the pod network's, by KubeVirt's convention), on each secondary network — the
 *   guest's interface names do not say which network an interface is on (netpol-analyzer reads
 *   them the same way); other network data (version 1) gives none;
 * - whatever its run strategy: a stopped VM is analysed as if started, so its policy is checked
 *   before it runs (netpol-analyzer does the same).
 * A launcher pod given alongside its VirtualMachine is the same workload: objects.ts keeps the
 * VM's pod (`launcherOf`).
 */
import type { PodSpec, SecondaryAttachment } from '../../spec/types.js';
import { ipFamilyOf } from '../../address/ip.js';
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
  const templateSpec = asMap(r, field(template, 'spec'), vp);
  const ips = guestAddresses(r, templateSpec, vp);
  const secondaryNetworks = multusNetworks(r, templateSpec, vp, meta?.namespace ?? 'default').map((network): SecondaryAttachment => ({ network, ips }));
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

/** A line `key:` or `key: value` (YAML block mapping entry): its key and the rest, or undefined. */
function entryOfLine(line: string): { readonly key: string; readonly rest: string } | undefined {
  const m = /^(?:-\s+)?([A-Za-z0-9_.-]+):(?:\s+(.*))?$/.exec(line.trim());
  return m ? { key: m[1]!, rest: m[2] ?? '' } : undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** The addresses in `text`: each `address/prefix`, without the prefix. */
function addressesIn(text: string, out: string[]): void {
  for (const m of text.matchAll(/([0-9A-Fa-f.:]+)\/\d{1,3}/g)) {
    const ip = m[1]!;
    if (ipFamilyOf(ip) !== undefined && !out.includes(ip)) out.push(ip);
  }
}

/**
 * The addresses (no prefix length) that netplan version 2 network data
 * (https://cloudinit.readthedocs.io/en/latest/reference/network-config-format-v2.html) gives in
 * `ethernets.<interface>.addresses` to the interfaces other than `eth0`. A line reader of the
 * block layout cloud-init examples use (a key per line, `addresses` as a block or flow list),
 * not a YAML parser: anything else gives no address.
 */
export function secondaryAddressesOfNetworkData(text: string): string[] {
  const out: string[] = [];
  let ethernets: number | undefined;
  let iface: { readonly name: string; readonly indent: number } | undefined;
  let list: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = indentOf(line);
    if (ethernets !== undefined && indent <= ethernets) ethernets = undefined;
    if (ethernets === undefined) {
      if (entryOfLine(line)?.key === 'ethernets') ethernets = indent;
      iface = undefined;
      continue;
    }
    if (iface === undefined || indent <= iface.indent) {
      const name = entryOfLine(line)?.key;
      iface = name === undefined ? undefined : { name, indent };
      list = undefined;
      continue;
    }
    if (iface.name === 'eth0') continue;
    if (list !== undefined && (indent > list || (indent === list && trimmed.startsWith('-')))) {
      addressesIn(trimmed, out);
      continue;
    }
    const entry = entryOfLine(line);
    list = entry?.key === 'addresses' ? indent : undefined;
    if (entry?.key === 'addresses') addressesIn(entry.rest, out);
  }
  return out;
}

/** The secondary-interface addresses of a VM template spec's cloud-init network data (see the header). */
function guestAddresses(r: Reader, spec: LMap | undefined, path: string): string[] {
  const out: string[] = [];
  const vp = child(path, 'volumes');
  asSeq(r, field(spec, 'volumes'), vp).forEach((v, i) => {
    const volume = v.kind === 'map' ? v : undefined;
    for (const source of ['cloudInitNoCloud', 'cloudInitConfigDrive']) {
      const sp = child(child(vp, i), source);
      const data = asString(r, field(asMap(r, field(volume, source), sp), 'networkData'), child(sp, 'networkData'));
      for (const ip of data === undefined ? [] : secondaryAddressesOfNetworkData(data)) if (!out.includes(ip)) out.push(ip);
    }
  });
  return out;
}
