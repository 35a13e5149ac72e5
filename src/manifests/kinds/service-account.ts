/**
 * v1 ServiceAccount → ServiceAccountSpec: its name, namespace (default `default`) and labels, the
 * part of it network policy reads (Calico's `serviceAccountSelector` and a rule's
 * `serviceAccounts.selector` match a pod's service account by these labels: policy/calico.ts).
 * Its secrets and image pull secrets play no part in the network and are not read.
 * https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/service-account-v1/
 */
import type { ServiceAccountSpec } from '../../spec/types.js';
import { readMeta, type RawObject } from '../object-meta.js';
import type { Reader } from '../read.js';

export function serviceAccountFromManifest(r: Reader, obj: RawObject): ServiceAccountSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  if (!meta) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', labels: meta.labels, span: meta.span };
}
