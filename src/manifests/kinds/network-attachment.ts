/**
 * Multus secondary networks (the Network Plumbing Working Group's multi-network specification,
 * https://github.com/k8snetworkplumbingwg/multi-net-spec, and multi-networkpolicy,
 * https://github.com/k8snetworkplumbingwg/multi-networkpolicy):
 * - k8s.cni.cncf.io/v1 NetworkAttachmentDefinition → its name and namespace, and the IPAM of its
 *   CNI `config` (network-attachment-ipam.ts: the addresses pods get on it); the rest of the
 *   config is not read (netscn decides which pods share a network, not how it is built);
 * - k8s.cni.cncf.io/v1beta1 MultiNetworkPolicy → a NetworkPolicy (the same spec, read by
 *   network-policy.ts) for the networks its `k8s.v1.cni.cncf.io/policy-for` annotation names
 *   (a comma-separated list of `name` or `namespace/name`; required: without it the policy
 *   applies to no network).
 */
import type { MultiNetworkPolicySpec, NetworkAttachmentDefinitionSpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asMap, asString, child, field, report } from '../read.js';
import { ipamOfConfig } from './network-attachment-ipam.js';
import type { Reader } from '../read.js';
import { networkPolicyFromManifest } from './network-policy.js';

export const POLICY_FOR_ANNOTATION = 'k8s.v1.cni.cncf.io/policy-for';

export function networkAttachmentFromManifest(r: Reader, obj: RawObject): NetworkAttachmentDefinitionSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const cp = child(sp, 'config');
  const configNode = field(asMap(r, field(obj.map, 'spec'), sp), 'config');
  const config = asString(r, configNode, cp);
  const ipam = config === undefined || configNode === undefined ? undefined : ipamOfConfig(r, config, configNode, cp);
  if (!meta) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', ...(ipam ? { ipam } : {}), span: meta.span };
}

export function multiNetworkPolicyFromManifest(r: Reader, obj: RawObject): MultiNetworkPolicySpec | undefined {
  const policy = networkPolicyFromManifest(r, obj);
  const mp = child(obj.path, 'metadata');
  const metadata = asMap(r, field(obj.map, 'metadata'), mp);
  const annPath = child(mp, 'annotations');
  const annotations = asMap(r, field(metadata, 'annotations'), annPath);
  const node = field(annotations, POLICY_FOR_ANNOTATION);
  const value = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  const policyFor = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (policyFor.length === 0) {
    report(r, DIAG.missingField, 'error', `${child(annPath, POLICY_FOR_ANNOTATION)}: required annotation is missing (expected the networks the policy is for)`, (node ?? metadata ?? obj.map).span, {
      expected: 'a NetworkAttachmentDefinition name, `namespace/name`, or a comma-separated list of them',
    });
    return undefined;
  }
  if (!policy) return undefined;
  return { name: policy.name, namespace: policy.namespace, policyFor, policy, ...(policy.span ? { span: policy.span } : {}) };
}
