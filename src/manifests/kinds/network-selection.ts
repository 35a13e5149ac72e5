/**
 * Multus network selection: the secondary networks a pod attaches to, from its
 * `k8s.v1.cni.cncf.io/networks` annotation (the Network Plumbing Working Group's
 * multi-network specification, https://github.com/k8snetworkplumbingwg/multi-net-spec): either a
 * comma-separated list of `name`, `namespace/name` or `name@interface`, or a JSON list of
 * objects with `name` and optionally `namespace` and `ips` (the static addresses the attachment
 * asks for, with or without a prefix length; `interface`, `mac`, … are not read). A name without
 * a namespace is a NetworkAttachmentDefinition of the pod's own namespace. Each network comes out
 * once, in order, as `namespace/name` with the addresses asked for (two selections of one network
 * pool theirs).
 */
import { DIAG } from '../../diag/catalogue.js';
import { ipFamilyOf } from '../../address/ip.js';
import type { SecondaryAttachment } from '../../spec/types.js';
import { child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

/**
 * The selections of the annotation of `metadata` (at `path`), for a pod of `namespace`. A
 * metadata or annotation value of the wrong type is left to the metadata reader to report.
 */
export function readNetworkSelections(r: Reader, metadata: LNode | undefined, path: string, namespace: string): SecondaryAttachment[] {
  const annotations = metadata?.kind === 'map' ? field(metadata, 'annotations') : undefined;
  const node = annotations?.kind === 'map' ? field(annotations, NETWORKS_ANNOTATION) : undefined;
  const at = child(child(path, 'annotations'), NETWORKS_ANNOTATION);
  const text = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value.trim() : undefined;
  if (node === undefined || text === undefined || text === '') return [];
  const out: SecondaryAttachment[] = [];
  const add = (name: string, ns: string | undefined, ips: readonly string[] = []): void => {
    const network = `${ns ?? namespace}/${name}`;
    const i = out.findIndex((a) => a.network === network);
    if (i < 0) out.push({ network, ips });
    else out[i] = { network, ips: [...out[i]!.ips, ...ips.filter((ip) => !out[i]!.ips.includes(ip))] };
  };
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      report(r, DIAG.invalidValue, 'error', `${at}: not valid JSON`, node.span, { expected: 'a JSON list of {"name": …, "namespace": …} or a comma-separated list of names' });
      return [];
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    items.forEach((item, i) => {
      const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
      if (typeof o?.['name'] !== 'string' || o['name'] === '') {
        report(r, DIAG.invalidValue, 'error', `${at}: each network selection needs a "name"`, node.span, { expected: '{"name": "<NetworkAttachmentDefinition>"}' });
        return;
      }
      add(o['name'], typeof o['namespace'] === 'string' && o['namespace'] !== '' ? o['namespace'] : undefined, requestedIps(r, o['ips'], `${at}[${i}].ips`, node));
    });
    return out;
  }
  for (const part of text.split(',')) {
    const selection = part.trim().split('@')[0]!;
    if (selection === '') continue;
    const slash = selection.indexOf('/');
    if (slash < 0) add(selection, undefined);
    else add(selection.slice(slash + 1), selection.slice(0, slash));
  }
  return out;
}

/**
 * The addresses of a selection's `ips` (a list of addresses, each with or without a prefix
 * length: the prefix is the interface's subnet, not more addresses), without the prefix; an item
 * that is no address is an error and left out.
 */
function requestedIps(r: Reader, value: unknown, at: string, node: LNode): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(r, DIAG.invalidValue, 'error', `${at}: expected a list of IP addresses, found ${JSON.stringify(value)}`, node.span, { expected: 'a list of IP addresses such as ["10.1.1.5/24"]' });
    return [];
  }
  const out: string[] = [];
  value.forEach((v: unknown, j) => {
    const ip = typeof v === 'string' ? v.split('/')[0]! : undefined;
    if (ip === undefined || ipFamilyOf(ip) === undefined) {
      report(r, DIAG.invalidValue, 'error', `${at}[${j}]: expected an IP address, found ${JSON.stringify(v)}`, node.span, { expected: 'an IP address such as "10.1.1.5/24"' });
      return;
    }
    if (!out.includes(ip)) out.push(ip);
  });
  return out;
}
