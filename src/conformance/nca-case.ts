/**
 * One case of the NCA corpus (../shared/conformance/nca/README.md): its case.json, netscn's
 * answer and the expected answer, both as txt_no_fw_rules lines (nca-endpoints.ts PairLine) with
 * normalised connection sets (nca-connections.ts).
 *
 * netscn's answer:
 * - inputs: every file of `resources` (livesim/ files included, as the README asks) read whole
 *   where `flat_load_ok` is true; otherwise each file read alone and only the objects of its
 *   roles kept (namespaces → Namespace; pods → Pod, workloads, Service, EndpointSlice;
 *   policies → NetworkPolicy, admin policies, Ingress and the other routing kinds);
 * - `policy_filter`: only that policy counts (a NetworkPolicy of networking.k8s.io or of
 *   projectcalico.org by its apiVersion, a GlobalNetworkPolicy, or an AuthorizationPolicy; the other policies are
 *   dropped; pods, namespaces and services kept);
 * - Istio AuthorizationPolicies are folded into connlist's lines (connlist/mesh-fold.ts) with
 *   every pod in the mesh, as NCA assumes (its inputs carry no injection labels); a TCP port
 *   refused as plain TCP keeps the HTTP requests the sidecar admits on it (connlist's
 *   `requests`), compared with NCA's methods, paths and hosts in nca-requests.ts; PeerAuthentications are read but
 *   not applied: NCA has no PeerAuthentication policy type (its answers ignore mTLS modes);
 *   Istio Sidecars are folded in with Istio's semantics (mesh/egress-scope.ts): only REGISTRY_ONLY
 *   drops what a proxy does not import, where NCA drops it under ALLOW_ANY too, so most Sidecar
 *   cases differ by design; external ServiceEntry hosts are connlist's DNS-name destinations
 *   (connlist/dns-destinations.ts: TCP on the ports the proxy passes), printed by name as NCA does;
 *   Istio Gateways and VirtualServices narrow a gateway pod's TCP to its routes
 *   (connlist/gateway-fold.ts), their requests compared as the sidecars' are;
 * - per pod, not per workload: NCA computes its lines per pod pair and prints them with owner
 *   names, so every pod is given to connlist as a workload of its own (owner removed) and its
 *   lines are renamed to NCA's endpoint name (option `outputEndpoints`); equal lines collapse, as
 *   in NCA's set of lines; a pair whose two names are equal (a workload to itself) is dropped;
 * - Calico HostEndpoints are connlist's `name[HostEndpoint]` endpoints, printed by their bare
 *   name as NCA does; as NCA, netscn keeps at most two HostEndpoints it cannot tell apart
 *   (`ncaHostEndpoints`), and NCA has no failsafe ports (connlist's `failsafePorts: 'none'`);
 * - the `{ingress-controller}` lines are not produced (connlist's `exposed` is left out): NCA
 *   has no such endpoint; its Ingress answer is the controller pod's connections per host/path;
 * - option `subset`: lines whose source or destination pod is in the subset;
 * - with an Istio layer, the answer is split into the TCP and non-TCP sections.
 * The expected answer is `expected.txt` where it is the pair form, else `pairs.txt`.
 */
import { calicoPoliciesOf } from '../spec/calico.js';
import fs from 'node:fs';
import path from 'node:path';
import { connlist } from '../connlist/matrix-list.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { parseDnsLabel } from '../connlist/dns-destinations.js';
import { parseHostEndpointLabel } from '../connlist/host-endpoints.js';
import type { CalicoHostEndpointSpec } from '../spec/calico-resources.js';
import { DIAG } from '../diag/catalogue.js';
import { loadManifestFiles } from '../host/load-files.js';
import type { ManifestResult } from '../manifests/sources.js';
import type { SpecObject } from '../spec/objects.js';
import type { PodSpec } from '../spec/types.js';
import { fromConnlist, isEmpty, type Section } from './nca-connections.js';
import { inSubset, isSubsetEmpty, ownerOf, parseEndpoint, podEndpointName, type Endpoint, type OutputEndpoints, type PairLine, type Subset } from './nca-endpoints.js';
import { parsePairLines } from './nca-lines.js';

/** The fields of case.json the runner reads. */
export interface NcaCase {
  readonly id: string;
  readonly family: string;
  readonly output_format: 'txt' | 'txt_no_fw_rules';
  readonly layers: readonly string[];
  readonly policy_types: readonly string[];
  readonly kinds: readonly string[];
  readonly resources: readonly { readonly path: string; readonly roles: readonly ('namespaces' | 'pods' | 'policies')[] }[];
  readonly flat_load_ok: boolean;
  readonly options: { readonly excludeIPv6Range: boolean; readonly outputEndpoints: OutputEndpoints; readonly subset: Subset };
  readonly policy_filter: { readonly kind: string; readonly apiVersion?: string; readonly namespace: string | null; readonly name: string } | null;
  readonly pairs: { readonly file: string } | null;
}

export function readCase(dir: string): NcaCase {
  return JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as NcaCase;
}

/** Whether the config has an Istio layer, so answers come in TCP and non-TCP sections. */
export function hasIstioLayer(c: NcaCase): boolean {
  return c.layers.includes('Istio') || c.layers.includes('IstioGateway');
}

/** The expected answer as lines (header and empty lines ignored). */
export function expectedLines(dir: string, c: NcaCase): PairLine[] {
  const file = c.output_format === 'txt_no_fw_rules' ? 'expected.txt' : c.pairs?.file;
  if (file === undefined) throw new Error('case has neither a pair-form expected.txt nor pairs.txt');
  return parsePairLines(fs.readFileSync(path.join(dir, file), 'utf8'), hasIstioLayer(c));
}

type Role = NcaCase['resources'][number]['roles'][number];

/** The role an object is read in, or undefined for kinds every role keeps (nodes, ...). */
function roleOf(o: SpecObject): Role | undefined {
  switch (o.kind) {
    case 'namespace':
      return 'namespaces';
    case 'pod':
    case 'service':
    case 'endpoint-slice':
    case 'service-entry':
      return 'pods';
    case 'network-policy':
    case 'calico-network-policy':
    case 'calico-global-network-policy':
    case 'admin-network-policy':
    case 'baseline-admin-network-policy':
    case 'ingress':
    case 'ingress-class':
    case 'ingress-controller':
    case 'gateway':
    case 'http-route':
    case 'route':
    case 'authorization-policy':
    case 'peer-authentication':
    case 'istio-sidecar':
    case 'istio-gateway':
    case 'virtual-service':
      return 'policies';
    default:
      return undefined;
  }
}

// NCA analyses the pods as they run: a finished pod (phase Succeeded or Failed) is no endpoint
// (k8s.services1: the ingress-nginx admission Job pods), so they are left out, as the simulation does.
const READ = { lenientNames: true, lenientVersions: true } as const;

/** The case's inputs, whole or by role (see the header). */
export function loadCase(dir: string, c: NcaCase): ManifestResult {
  if (c.flat_load_ok) return loadManifestFiles(c.resources.map((r) => r.path), dir, READ);
  const objects: SpecObject[] = [];
  const diagnostics: ManifestResult['diagnostics'][number][] = [];
  const documents: ManifestResult['documents'][number][] = [];
  for (const r of c.resources) {
    const loaded = loadManifestFiles([r.path], dir, READ);
    objects.push(...loaded.objects.filter((o) => {
      const role = roleOf(o);
      return role === undefined || r.roles.includes(role);
    }));
    diagnostics.push(...loaded.diagnostics);
    documents.push(...loaded.documents);
  }
  return { objects, diagnostics, documents };
}

/** Kinds whose objects make part of NCA's answer; netscn skipping one (under another apiVersion) loses part of the input. */
const ANSWER_KINDS = /^kind (Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob|ReplicationController|Namespace|Service|NetworkPolicy) of /;

/**
 * netscn's answer as NCA's lines, and what of the input netscn did not read: its error
 * diagnostics (objects or fields dropped) and the objects of answer-making kinds it skipped.
 */
export function actualLines(dir: string, c: NcaCase): { lines: PairLine[]; notRead: string[] } {
  const loaded = loadCase(dir, c);
  const notRead = loaded.diagnostics
    .filter((d) => d.severity === 'error' || (d.code === DIAG.kindNotSimulated.code && ANSWER_KINDS.test(d.message)))
    .map((d) => `${d.span.file}:${d.span.start.line}: ${d.message}`);
  const { input } = connlistInputFromManifests(loaded);
  const owners = input.kindlessOwners;
  const filter = c.policy_filter;
  const calicoFilter = filter !== null && filter.apiVersion?.startsWith('projectcalico.org/');
  const policies = filter === null ? input.policies : input.policies.filter((p) => !calicoFilter && filter.kind === 'NetworkPolicy' && p.namespace === filter.namespace && p.name === filter.name);
  const calicoNetworkPolicies = (input.calicoNetworkPolicies ?? []).filter(
    (p) => filter === null || (calicoFilter && filter.kind === 'NetworkPolicy' && p.namespace === filter.namespace && p.name === filter.name),
  );
  const calicoGlobalNetworkPolicies = (input.calicoGlobalNetworkPolicies ?? []).filter((p) => filter === null || (filter.kind === 'GlobalNetworkPolicy' && p.name === filter.name));
  // Profiles, tiers and network sets are no policies of their own: kept whatever the filter.
  const { calicoProfiles, calicoTierSpecs, calicoNetworkSets, calicoGlobalNetworkSets, serviceAccounts } = input;
  const calicoHostEndpoints = ncaHostEndpoints(input.calicoHostEndpoints ?? []);
  const authorizationPolicies = (input.authorizationPolicies ?? []).filter((p) => filter === null || (filter.kind === 'AuthorizationPolicy' && p.namespace === filter.namespace && p.name === filter.name));
  const byLabel = new Map<string, PodSpec>();
  const pods = input.pods.map((pod): PodSpec => {
    byLabel.set(`${pod.namespace}/${pod.name}[Pod]`, pod);
    return { ...pod, owner: undefined };
  });
  const conns = connlist({
    pods,
    namespaces: input.namespaces,
    policies,
    calicoNetworkPolicies,
    calicoGlobalNetworkPolicies,
    ...calicoPoliciesOf({ calicoProfiles, calicoTierSpecs, calicoNetworkSets, calicoGlobalNetworkSets, serviceAccounts, calicoHostEndpoints }),
    ...(filter === null ? { adminNetworkPolicies: input.adminNetworkPolicies ?? [] } : {}),
    ...(filter === null && input.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: input.baselineAdminNetworkPolicy } : {}),
    authorizationPolicies,
    ...(filter === null && input.istioSidecars ? { istioSidecars: input.istioSidecars, registryServices: input.registryServices ?? [] } : {}),
    ...(input.serviceEntries ? { serviceEntries: input.serviceEntries } : {}),
    ...(filter === null && input.istioGateways ? { istioGateways: input.istioGateways, virtualServices: input.virtualServices ?? [], registryServices: input.registryServices ?? [] } : {}),
    sidecars: 'every-pod',
    // NCA has no failsafe ports: its host endpoints are judged by their policies alone.
    failsafePorts: 'none',
  });
  const sections: Section[] = hasIstioLayer(c) ? ['tcp', 'non-tcp'] : ['all'];
  const subset = c.options.subset;
  const lines: PairLine[] = [];
  for (const conn of conns) {
    const srcPod = byLabel.get(conn.src);
    const dstPod = byLabel.get(conn.dst);
    const srcHep = parseHostEndpointLabel(conn.src);
    const dstHep = parseHostEndpointLabel(conn.dst);
    const src: Endpoint = srcPod ? { kind: 'name', text: podEndpointName(srcPod, c.options.outputEndpoints, owners) } : srcHep !== undefined ? { kind: 'name', text: srcHep } : parseEndpoint(conn.src);
    const host = parseDnsLabel(conn.dst);
    const dst: Endpoint = dstPod
      ? { kind: 'name', text: podEndpointName(dstPod, c.options.outputEndpoints, owners) }
      : dstHep !== undefined
        ? { kind: 'name', text: dstHep }
        : host !== undefined
          ? { kind: 'name', text: host }
          : parseEndpoint(conn.dst);
    if (src.kind === 'name' && dst.kind === 'name' && src.text === dst.text) continue;
    if (!isSubsetEmpty(subset) && ![srcPod, dstPod].some((p) => p !== undefined && inSubset(p, ownerOf(p, owners).name, subset))) continue;
    for (const section of sections) {
      const set = fromConnlist(conn.conns, section, conn.requests);
      if (!isEmpty(set)) lines.push({ section, src, dst, conns: set });
    }
  }
  return { lines, notRead };
}

/**
 * The HostEndpoints NCA keeps: of endpoints it cannot tell apart (the same first profile, other
 * profiles and labels: its `canonical_form`), it keeps the first two only (NCA's
 * TopologyObjectsFinder `_add_peer`: "we leave two isomorphic peers to model the connections
 * between them").
 */
function ncaHostEndpoints(heps: readonly CalicoHostEndpointSpec[]): CalicoHostEndpointSpec[] {
  const seen = new Map<string, number>();
  return heps.filter((h) => {
    const [first, ...rest] = h.profiles;
    const form = JSON.stringify([first ?? null, [...rest].sort(), Object.entries(h.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
    const n = seen.get(form) ?? 0;
    seen.set(form, n + 1);
    return n < 2;
  });
}
