/**
 * v1 Pod → PodSpec, and the pod-template reading shared with workloads.
 * - All containers share the pod's network namespace, so one (containerPort, protocol) or one
 *   port name declared twice across containers is an error.
 * - hostNetwork pods: a hostPort must equal its containerPort (API validation) and is dropped,
 *   since the container port already is a node port.
 * - status.podIP pins the IP; the Ready condition gives `ready` (absent ⇒ ready: a declared pod
 *   is taken as running); metadata.deletionTimestamp ⇒ terminating.
 * - status.phase Succeeded or Failed ⇒ the pod has finished for good (the kubelet restarts no
 *   container of a terminal pod and releases its sandbox and IP; the EndpointSlice controller
 *   skips it): it is left out, with a warning — unless the reader keeps finished pods
 *   (ReadOptions.keepFinishedPods: connlist's workload view).
 * - spec.nodeName absent ⇒ node '' (unscheduled): the checker places the pod (see placePods).
 */
import { readNetworkSelections } from './network-selection.js';
import type { ContainerPort, Labels, PodSpec } from '../../spec/types.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { ipFamily } from '../../address/api-syntax.js';
import { readMeta, readyCondition } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import {
  asBool, asEnum, asInt, asMap, asPortName, asSeq, asString, asStringMap, child, field, invalid, isDnsLabel, isDnsSubdomain, missingIn, report,
} from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const;

/** The networking part of a pod spec (a Pod's spec, or a workload's template.spec). */
export interface PodNetworking {
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
  readonly dnsPolicy: PodSpec['dnsPolicy'];
  /** spec.nodeName, '' when absent. */
  readonly nodeName: string;
  /** spec.nodeSelector (DaemonSets place pods by it). */
  readonly nodeSelector: Labels;
  /** spec.serviceAccountName (or the deprecated spec.serviceAccount): the pod's identity in an Istio mesh. */
  readonly serviceAccount?: string;
}

/** The pod annotation Istio's sidecar injector reads beside the label of the same name. */
export const SIDECAR_INJECT_ANNOTATION = 'sidecar.istio.io/inject';

export function readPodNetworking(r: Reader, spec: LMap | undefined, path: string): PodNetworking {
  const hostNetwork = asBool(r, field(spec, 'hostNetwork'), child(path, 'hostNetwork')) ?? false;
  const ports: ContainerPort[] = [];
  const containersPath = child(path, 'containers');
  const containers = asSeq(r, field(spec, 'containers'), containersPath);
  containers.forEach((c, ci) => {
    const cPath = child(containersPath, ci);
    const cm = asMap(r, c, cPath);
    const portsPath = child(cPath, 'ports');
    asSeq(r, field(cm, 'ports'), portsPath).forEach((p, pi) => {
      const pPath = child(portsPath, pi);
      const pm = asMap(r, p, pPath);
      if (!pm) return;
      const cpNode = field(pm, 'containerPort');
      if (cpNode === undefined) {
        missingIn(r, pm, child(pPath, 'containerPort'), 'an integer 1-65535');
        return;
      }
      const containerPort = asInt(r, cpNode, child(pPath, 'containerPort'), 1, 65535);
      const name = asPortName(r, field(pm, 'name'), child(pPath, 'name'));
      const protocol = asEnum(r, field(pm, 'protocol'), child(pPath, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
      const hpNode = field(pm, 'hostPort');
      let hostPort = asInt(r, hpNode, child(pPath, 'hostPort'), 1, 65535);
      if (containerPort === undefined) return;
      if (hostNetwork && hostPort !== undefined) {
        if (hostPort !== containerPort) {
          report(r, DIAG.conflict, 'error', `${child(pPath, 'hostPort')}: must equal containerPort (${containerPort}) when hostNetwork is true`, hpNode!.span, { label: `found ${hostPort}` });
        }
        hostPort = undefined;
      }
      const same = ports.find((x) => x.containerPort === containerPort && x.protocol === protocol);
      if (same) {
        report(r, DIAG.manifestDuplicate, 'error', `${child(pPath, 'containerPort')}: port ${containerPort}/${protocol} is already declared in this pod`, cpNode.span, {
          notes: ['all containers of a pod share one network namespace, so a port can be bound only once'],
        });
        return;
      }
      if (name !== undefined && ports.some((x) => x.name === name)) {
        report(r, DIAG.manifestDuplicate, 'error', `${child(pPath, 'name')}: port name ${JSON.stringify(name)} is already used in this pod`, field(pm, 'name')!.span);
        return;
      }
      ports.push({ ...(name !== undefined ? { name } : {}), containerPort, protocol, ...(hostPort !== undefined ? { hostPort } : {}) });
    });
  });
  if (spec && field(spec, 'containers') === undefined) {
    report(r, DIAG.missingField, 'error', `${containersPath}: required field is missing (expected at least one container)`, spec.span);
  }
  const hostnameNode = field(spec, 'hostname');
  let hostname = asString(r, hostnameNode, child(path, 'hostname'));
  if (hostname !== undefined && !isDnsLabel(hostname)) hostname = invalid(r, hostnameNode!, child(path, 'hostname'), 'a DNS label');
  const subdomainNode = field(spec, 'subdomain');
  let subdomain = asString(r, subdomainNode, child(path, 'subdomain'));
  if (subdomain !== undefined && !isDnsLabel(subdomain)) subdomain = invalid(r, subdomainNode!, child(path, 'subdomain'), 'a DNS label');
  const dnsPolicy = asEnum(r, field(spec, 'dnsPolicy'), child(path, 'dnsPolicy'), DNS_POLICIES) ?? 'ClusterFirst';
  const nodeNode = field(spec, 'nodeName');
  let nodeName = asString(r, nodeNode, child(path, 'nodeName')) ?? '';
  if (nodeName !== '' && !isDnsSubdomain(nodeName)) nodeName = invalid(r, nodeNode!, child(path, 'nodeName'), 'a node name') ?? '';
  const nodeSelector = asStringMap(r, field(spec, 'nodeSelector'), child(path, 'nodeSelector'));
  const serviceAccount =
    asString(r, field(spec, 'serviceAccountName'), child(path, 'serviceAccountName')) ?? asString(r, field(spec, 'serviceAccount'), child(path, 'serviceAccount'));
  return {
    ports,
    hostNetwork,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(subdomain !== undefined ? { subdomain } : {}),
    dnsPolicy,
    nodeName,
    nodeSelector,
    ...(serviceAccount !== undefined ? { serviceAccount } : {}),
  };
}

export function podFromManifest(r: Reader, obj: RawObject): PodSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const specPath = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  const spec = asMap(r, specNode, specPath);
  if (!specNode) report(r, DIAG.missingField, 'error', `${specPath}: required field is missing (expected the pod spec)`, obj.map.span);
  const net = readPodNetworking(r, spec, specPath);
  const statusPath = child(obj.path, 'status');
  const status = asMap(r, field(obj.map, 'status'), statusPath);
  const ipNode = field(status, 'podIP') ?? asSeq(r, field(status, 'podIPs'), child(statusPath, 'podIPs')).map((x) => (x.kind === 'map' ? field(x, 'ip') : x))[0];
  let ip = asString(r, ipNode, child(statusPath, 'podIP'));
  if (ip !== undefined && ipFamily(ip) === undefined) ip = invalid(r, ipNode!, child(statusPath, 'podIP'), 'an IP address');
  const phase = asString(r, field(status, 'phase'), child(statusPath, 'phase'));
  if (meta && (phase === 'Succeeded' || phase === 'Failed') && !r.keepFinishedPods) {
    report(r, DIAG.podFinished, 'warning', message(DIAG.podFinished, { pod: `${meta.namespace ?? 'default'}/${meta.name}`, phase }), meta.span);
    return undefined;
  }
  const ready = readyCondition(r, status, statusPath) ?? (phase === undefined || phase === 'Running');
  if (!meta) return undefined;
  const secondaryNetworks = readNetworkSelections(r, field(obj.map, 'metadata'), child(obj.path, 'metadata'), meta.namespace ?? 'default');
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    node: net.nodeName,
    labels: meta.labels,
    ports: net.ports,
    ...(ip !== undefined ? { ip } : {}),
    hostNetwork: net.hostNetwork,
    ...(net.hostname !== undefined ? { hostname: net.hostname } : {}),
    ...(net.subdomain !== undefined ? { subdomain: net.subdomain } : {}),
    ready,
    terminating: meta.terminating,
    dnsPolicy: net.dnsPolicy,
    ...(secondaryNetworks.length > 0 ? { secondaryNetworks } : {}),
    ...(meta.controller ? { owner: meta.controller } : {}),
    generation: 0,
    ...(net.serviceAccount !== undefined ? { serviceAccount: net.serviceAccount } : {}),
    ...(meta.annotations[SIDECAR_INJECT_ANNOTATION] !== undefined ? { sidecarInject: meta.annotations[SIDECAR_INJECT_ANNOTATION] } : {}),
    span: meta.span,
  };
}
