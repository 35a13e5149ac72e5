/**
 * Workloads → the pods their controllers would create, from the pod template:
 * - Deployment, ReplicaSet, ReplicationController: `replicas` (default 1) pods `<name>-0..n-1`;
 * - StatefulSet: pods `<name>-0..n-1` with hostname = pod name, subdomain = spec.serviceName,
 *   and the controller's labels statefulset.kubernetes.io/pod-name and apps.kubernetes.io/pod-index;
 * - DaemonSet: one pod `<name>-<node>` on each node of the same input whose labels match the
 *   template's nodeSelector (taints are not modelled); with no node in the input, one unplaced
 *   pod `<name>-0` and a note;
 * - Job: min(parallelism, completions) pods (both default 1), labelled job-name; CronJob: the
 *   pods of one Job from spec.jobTemplate.
 * Every pod has `owner` = the workload, the template's labels, the workload's namespace,
 * ready and not terminating, node = template nodeName or '' (the checker places it).
 * The selector must match the template labels (API validation).
 */
import type { LabelSelector, Labels, NodeSpec, PodSpec, SecondaryAttachment } from '../../spec/types.js';
import { matchesSelector, selectorFromLabels } from '../../spec/selector.js';
import { DIAG } from '../../diag/catalogue.js';
import { readLabelSelector } from '../label-selector.js';
import { readMeta } from '../object-meta.js';
import type { ObjectMeta, RawObject } from '../object-meta.js';
import { asInt, asMap, asString, asStringMap, child, field, isDnsLabel, invalid, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';
import { readPodNetworking, SIDECAR_INJECT_ANNOTATION } from './pod.js';
import { readNetworkSelections } from './network-selection.js';
import type { PodNetworking } from './pod.js';
import { assertNever } from '../../spec/never.js';

export const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Pods one workload may expand to. */
export const MAX_REPLICAS = 1000;

interface Template {
  readonly labels: Labels;
  readonly net: PodNetworking;
  /** The Multus networks of the template's annotation. */
  readonly networks: readonly SecondaryAttachment[];
  /** The template's `sidecar.istio.io/inject` annotation. */
  readonly sidecarInject?: string;
}

/** `nodes`: the Nodes declared in the same input (DaemonSets place one pod on each). */
export function podsFromWorkload(r: Reader, obj: RawObject, kind: WorkloadKind, nodes: readonly NodeSpec[]): PodSpec[] {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  let sp = child(obj.path, 'spec');
  let spec = asMap(r, field(obj.map, 'spec'), sp);
  if (kind === 'CronJob') {
    const jt = child(sp, 'jobTemplate');
    const jtm = asMap(r, field(spec, 'jobTemplate'), jt);
    if (spec && !jtm) missing(r, spec, jt, 'a Job template');
    sp = child(jt, 'spec');
    spec = asMap(r, field(jtm, 'spec'), sp);
  }
  if (!spec) {
    if (field(obj.map, 'spec') === undefined) report(r, DIAG.missingField, 'error', `${sp}: required field is missing (expected the ${kind} spec)`, obj.map.span);
    return [];
  }
  const tp = child(sp, 'template');
  const tm = asMap(r, field(spec, 'template'), tp);
  if (!tm) {
    if (field(spec, 'template') === undefined) missing(r, spec, tp, 'a pod template');
    return [];
  }
  const template = readTemplate(r, tm, tp, meta?.namespace ?? 'default');
  checkSelector(r, kind, spec, sp, template.labels, tm);
  const count = podCount(r, kind, spec, sp);
  if (!meta || count === undefined) return [];
  const namespace = meta.namespace ?? 'default';
  const owner = { kind, name: meta.name };
  const base = (name: string, extraLabels: Labels, node: string, dns: Pick<PodSpec, 'hostname' | 'subdomain'>): PodSpec => ({
    name,
    namespace,
    node,
    labels: { ...template.labels, ...extraLabels },
    ports: template.net.ports,
    hostNetwork: template.net.hostNetwork,
    ...dns,
    ready: true,
    terminating: false,
    dnsPolicy: template.net.dnsPolicy,
    ...(template.networks.length > 0 ? { secondaryNetworks: template.networks } : {}),
    owner,
    generation: 0,
    ...(template.net.serviceAccount !== undefined ? { serviceAccount: template.net.serviceAccount } : {}),
    ...(template.sidecarInject !== undefined ? { sidecarInject: template.sidecarInject } : {}),
    span: meta.span,
  });
  const dnsOf = (): Pick<PodSpec, 'hostname' | 'subdomain'> => ({
    ...(template.net.hostname !== undefined ? { hostname: template.net.hostname } : {}),
    ...(template.net.subdomain !== undefined ? { subdomain: template.net.subdomain } : {}),
  });
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController':
      return range(count).map((i) => base(`${meta.name}-${i}`, {}, template.net.nodeName, dnsOf()));
    case 'Job':
      return range(count).map((i) => base(`${meta.name}-${i}`, { 'job-name': meta.name, 'batch.kubernetes.io/job-name': meta.name }, template.net.nodeName, dnsOf()));
    case 'CronJob':
      return range(count).map((i) => base(`${meta.name}-${i}`, {}, template.net.nodeName, dnsOf()));
    case 'StatefulSet': {
      const svcNode = field(spec, 'serviceName');
      let serviceName = asString(r, svcNode, child(sp, 'serviceName'));
      if (serviceName === '') serviceName = undefined;
      if (serviceName !== undefined && !isDnsLabel(serviceName)) serviceName = invalid(r, svcNode!, child(sp, 'serviceName'), 'a Service name (a DNS label)');
      return range(count).map((i) => {
        const name = `${meta.name}-${i}`;
        return base(
          name,
          { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
          template.net.nodeName,
          { hostname: name, ...(serviceName !== undefined ? { subdomain: serviceName } : {}) },
        );
      });
    }
    case 'DaemonSet':
      return daemonSetPods(r, meta, template, nodes, base, dnsOf());
    default:
      return assertNever(kind);
  }
}


function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function readTemplate(r: Reader, tm: LMap, tp: string, namespace: string): Template {
  const mp = child(tp, 'metadata');
  const tmeta = asMap(r, field(tm, 'metadata'), mp);
  const labels = asStringMap(r, field(tmeta, 'labels'), child(mp, 'labels'));
  const inject = asStringMap(r, field(tmeta, 'annotations'), child(mp, 'annotations'))[SIDECAR_INJECT_ANNOTATION];
  const specPath = child(tp, 'spec');
  const specNode = field(tm, 'spec');
  const spec = asMap(r, specNode, specPath);
  if (specNode === undefined) missing(r, tm, specPath, 'the pod spec');
  return { labels, net: readPodNetworking(r, spec, specPath), networks: readNetworkSelections(r, field(tm, 'metadata'), mp, namespace), ...(inject !== undefined ? { sidecarInject: inject } : {}) };
}

function checkSelector(r: Reader, kind: WorkloadKind, spec: LMap, sp: string, labels: Labels, tm: LMap): void {
  const selPath = child(sp, 'selector');
  const selNode = field(spec, 'selector');
  let selector: LabelSelector | undefined;
  if (kind === 'ReplicationController') {
    const m = asStringMap(r, selNode, selPath);
    selector = Object.keys(m).length > 0 ? selectorFromLabels(m) : undefined;
  } else {
    selector = readLabelSelector(r, selNode, selPath);
    const required = kind !== 'Job' && kind !== 'CronJob';
    if (required && selNode === undefined) {
      missing(r, spec, selPath, 'a label selector matching the template labels');
      return;
    }
  }
  if (!selector) return;
  const empty = Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
  if (empty && kind !== 'ReplicationController') {
    report(r, DIAG.conflict, 'error', `${selPath}: an empty selector is not allowed for a ${kind}`, selNode!.span);
    return;
  }
  if (!matchesSelector(selector, labels)) {
    const span = field(asMap(r, field(tm, 'metadata'), ''), 'labels')?.span ?? selNode!.span;
    report(r, DIAG.conflict, 'error', `${child(child(child(sp, 'template'), 'metadata'), 'labels')}: the template labels do not match ${selPath}`, span, {
      notes: ['the controller would not own the pods it creates; the API rejects this'],
    });
  }
}

/** Pods to create; undefined when a count field is invalid (already reported). */
function podCount(r: Reader, kind: WorkloadKind, spec: LMap, sp: string): number | undefined {
  // null: present but invalid; undefined: absent.
  const read = (key: string): number | null | undefined => {
    const n = field(spec, key);
    if (n === undefined) return undefined;
    const v = asInt(r, n, child(sp, key), 0, Number.MAX_SAFE_INTEGER);
    if (v === undefined) return null;
    if (v > MAX_REPLICAS) {
      report(r, DIAG.inputTooLarge, 'error', `${child(sp, key)}: netscn expands at most ${MAX_REPLICAS} pods per workload, found ${v}`, n.span);
      return null;
    }
    return v;
  };
  switch (kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'ReplicationController': {
      const v = read('replicas');
      return v === null ? undefined : (v ?? 1);
    }
    case 'Job':
    case 'CronJob': {
      const p = read('parallelism');
      const c = read('completions');
      if (p === null || c === null) return undefined;
      return Math.min(p ?? 1, c ?? p ?? 1);
    }
    case 'DaemonSet':
      return 1;
    default:
      return assertNever(kind);
  }
}

function daemonSetPods(
  r: Reader,
  meta: ObjectMeta,
  template: Template,
  nodes: readonly NodeSpec[],
  base: (name: string, extra: Labels, node: string, dns: Pick<PodSpec, 'hostname' | 'subdomain'>) => PodSpec,
  dns: Pick<PodSpec, 'hostname' | 'subdomain'>,
): PodSpec[] {
  if (nodes.length === 0) {
    report(r, DIAG.approximated, 'note', `DaemonSet ${meta.name}: no Node in the same manifests, so one unplaced pod ${meta.name}-0 stands for it`, meta.span, {
      help: 'declare the Nodes in the same manifests to get one pod per node',
    });
    return [base(`${meta.name}-0`, {}, template.net.nodeName, dns)];
  }
  const sel = selectorFromLabels(template.net.nodeSelector);
  const chosen = nodes.filter((n) => matchesSelector(sel, n.labels));
  if (chosen.length === 0) {
    report(r, DIAG.approximated, 'note', `DaemonSet ${meta.name}: no node matches its nodeSelector; it has no pods`, meta.span);
  }
  return chosen.map((n) => base(`${meta.name}-${n.name}`, {}, n.name, dns));
}
