/**
 * networking.k8s.io/v1 Ingress and IngressClass → IngressSpec / IngressClassSpec, with the API
 * server's validation:
 * - a path's pathType is required; Exact and Prefix paths must be absolute (start with `/`);
 * - a host is a DNS name, not an IP address; a wildcard is only a whole first label (`*.foo.com`);
 * - a backend is a Service (name and exactly one of port number or port name) or a resource;
 * - an Ingress needs a rule or a defaultBackend;
 * - the class is spec.ingressClassName, else the deprecated kubernetes.io/ingress.class
 *   annotation (both given and different is an error, as upstream).
 * The v1beta1 backend shape (serviceName / servicePort) is read too, with a warning.
 */
import ipaddr from 'ipaddr.js';
import type { IngressBackendSpec, IngressClassSpec, IngressPathSpec, IngressRuleSpec, IngressSpec, PathType } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, asStringList, child, field, invalid, isDnsLabel, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';

export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const PATH_TYPES: readonly PathType[] = ['Exact', 'Prefix', 'ImplementationSpecific'];

export function ingressFromManifest(r: Reader, obj: RawObject): IngressSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  const spec = asMap(r, specNode, sp);
  const classNode = field(spec, 'ingressClassName');
  const fromField = asString(r, classNode, child(sp, 'ingressClassName'));
  const fromAnnotation = meta?.annotations[CLASS_ANNOTATION];
  if (fromField !== undefined && fromAnnotation !== undefined && fromField !== fromAnnotation) {
    report(r, DIAG.conflict, 'error', `${child(sp, 'ingressClassName')}: "${fromField}" contradicts the ${CLASS_ANNOTATION} annotation "${fromAnnotation}"`, classNode!.span, {
      notes: ['the API server rejects an Ingress whose class field and class annotation differ'],
    });
  }
  const dbPath = child(sp, 'defaultBackend');
  const dbNode = field(spec, 'defaultBackend') ?? field(spec, 'backend');
  const defaultBackend = dbNode === undefined ? undefined : readBackend(r, dbNode, dbPath);
  const tls = asSeq(r, field(spec, 'tls'), child(sp, 'tls')).flatMap((t, i) => {
    const p = child(child(sp, 'tls'), i);
    const m = asMap(r, t, p);
    if (!m) return [];
    const hostsPath = child(p, 'hosts');
    const hosts = asStringList(r, field(m, 'hosts'), hostsPath);
    hosts.forEach((h, j) => checkHost(r, field(m, 'hosts'), child(hostsPath, j), h));
    const secretName = asString(r, field(m, 'secretName'), child(p, 'secretName'));
    return [{ hosts, ...(secretName !== undefined ? { secretName } : {}) }];
  });
  const rulesPath = child(sp, 'rules');
  const rules: IngressRuleSpec[] = asSeq(r, field(spec, 'rules'), rulesPath).flatMap((rule, i) => {
    const p = child(rulesPath, i);
    const m = asMap(r, rule, p);
    if (!m) return [];
    const hostNode = field(m, 'host');
    const host = asString(r, hostNode, child(p, 'host'));
    if (host !== undefined) checkHost(r, hostNode, child(p, 'host'), host);
    const httpPath = child(p, 'http');
    const http = asMap(r, field(m, 'http'), httpPath);
    const pathsPath = child(httpPath, 'paths');
    if (http && field(http, 'paths') === undefined) missing(r, http, pathsPath, 'a list of paths');
    const paths = asSeq(r, field(http, 'paths'), pathsPath).flatMap((item, j) => {
      const x = readPath(r, item, child(pathsPath, j));
      return x ? [x] : [];
    });
    return [{ ...(host !== undefined && host !== '' ? { host: host.toLowerCase() } : {}), paths }];
  });
  if (spec && rules.length === 0 && dbNode === undefined) {
    report(r, DIAG.missingField, 'error', `${sp}: an Ingress needs rules or a defaultBackend`, specNode!.span);
  }
  if (!meta) return undefined;
  const className = fromField ?? fromAnnotation;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    ...(className !== undefined ? { className } : {}),
    annotations: meta.annotations,
    ...(defaultBackend ? { defaultBackend } : {}),
    tls,
    rules,
    span: meta.span,
  };
}

export function ingressClassFromManifest(r: Reader, obj: RawObject): IngressClassSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  const ctrlNode = field(spec, 'controller');
  if (spec && ctrlNode === undefined) missing(r, spec, child(sp, 'controller'), 'the controller name, e.g. k8s.io/ingress-nginx');
  const controller = asString(r, ctrlNode, child(sp, 'controller'));
  if (!meta || controller === undefined) return undefined;
  return { name: meta.name, controller, isDefault: meta.annotations[DEFAULT_CLASS_ANNOTATION] === 'true', span: meta.span };
}

function readPath(r: Reader, n: LNode, path: string): IngressPathSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const ptNode = field(m, 'pathType');
  if (ptNode === undefined) missing(r, m, child(path, 'pathType'), 'Exact, Prefix or ImplementationSpecific');
  const pathType = asEnum(r, ptNode, child(path, 'pathType'), PATH_TYPES);
  const pNode = field(m, 'path');
  const p = asString(r, pNode, child(path, 'path'));
  if (p !== undefined && pathType !== 'ImplementationSpecific' && !p.startsWith('/')) {
    invalid(r, pNode!, child(path, 'path'), 'an absolute path (starting with /)');
    return undefined;
  }
  if (p === undefined && pNode === undefined && (pathType === 'Exact' || pathType === 'Prefix')) {
    missing(r, m, child(path, 'path'), `a path: pathType ${pathType} needs one`);
    return undefined;
  }
  const bNode = field(m, 'backend');
  if (bNode === undefined) {
    missing(r, m, child(path, 'backend'), 'a backend (service or resource)');
    return undefined;
  }
  const backend = readBackend(r, bNode, child(path, 'backend'));
  if (!backend || pathType === undefined) return undefined;
  return { ...(p !== undefined ? { path: p } : {}), pathType, backend };
}

function readBackend(r: Reader, n: LNode, path: string): IngressBackendSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const legacyName = field(m, 'serviceName');
  if (legacyName !== undefined) {
    report(r, DIAG.apiVersion, 'warning', `${path}: serviceName/servicePort is the v1beta1 shape; read as service.name/service.port`, legacyName.span);
    const service = asString(r, legacyName, child(path, 'serviceName'));
    const portNode = field(m, 'servicePort');
    const port = portNode?.kind === 'scalar' && typeof portNode.value === 'number' ? asInt(r, portNode, child(path, 'servicePort'), 1, 65535) : asString(r, portNode, child(path, 'servicePort'));
    return service !== undefined && port !== undefined ? { kind: 'service', service, port } : undefined;
  }
  const svcNode = field(m, 'service');
  const resNode = field(m, 'resource');
  if (svcNode !== undefined && resNode !== undefined) {
    report(r, DIAG.conflict, 'error', `${path}: a backend is a service or a resource, not both`, m.span);
    return undefined;
  }
  if (resNode !== undefined) {
    const rp = child(path, 'resource');
    const rm = asMap(r, resNode, rp);
    const kind = asString(r, field(rm, 'kind'), child(rp, 'kind'));
    const name = asString(r, field(rm, 'name'), child(rp, 'name'));
    const apiGroup = asString(r, field(rm, 'apiGroup'), child(rp, 'apiGroup'));
    if (kind === undefined || name === undefined) return undefined;
    return { kind: 'resource', resourceKind: kind, name, ...(apiGroup !== undefined ? { apiGroup } : {}) };
  }
  if (svcNode === undefined) {
    missing(r, m, child(path, 'service'), 'service: {name, port}');
    return undefined;
  }
  const sp = child(path, 'service');
  const sm = asMap(r, svcNode, sp);
  if (!sm) return undefined;
  const service = asString(r, field(sm, 'name'), child(sp, 'name'));
  if (field(sm, 'name') === undefined) missing(r, sm, child(sp, 'name'), 'the Service name');
  const portPath = child(sp, 'port');
  const pm = asMap(r, field(sm, 'port'), portPath);
  if (field(sm, 'port') === undefined) missing(r, sm, portPath, 'port: {number} or port: {name}');
  const numNode = field(pm, 'number');
  const nameNode = field(pm, 'name');
  if (pm && (numNode === undefined) === (nameNode === undefined)) {
    report(r, DIAG.conflict, 'error', `${portPath}: give exactly one of number and name`, pm.span);
    return undefined;
  }
  const port = numNode !== undefined ? asInt(r, numNode, child(portPath, 'number'), 1, 65535) : asString(r, nameNode, child(portPath, 'name'));
  if (service === undefined || port === undefined) return undefined;
  return { kind: 'service', service, port };
}

/** What is wrong with an Ingress host (a DNS subdomain, optionally `*.` first; never an IP), if anything. */
export function ingressHostProblem(host: string): string | undefined {
  if (ipaddr.isValid(host)) return 'is an IP address; an Ingress host must be a DNS name (a rule without a host matches any address)';
  if (host.includes('*') && !host.startsWith('*.')) return 'a wildcard must be the whole first label, as in *.example.com';
  const labels = (host.startsWith('*.') ? host.slice(2) : host).split('.');
  if (labels.length === 0 || !labels.every((l) => isDnsLabel(l.toLowerCase()))) return 'is not a valid DNS name';
  return undefined;
}

function checkHost(r: Reader, n: LNode | undefined, path: string, host: string): void {
  if (n === undefined) return;
  const problem = ingressHostProblem(host);
  if (problem) report(r, DIAG.invalidValue, 'error', `${path}: "${host}" ${problem}`, n.span);
}
