/**
 * The compact Ingress form, `ingress-class` and `ingress-controller` → spec objects, with the
 * Ingress API's validation. A compact rule without `path-type` is Prefix, without `path` it is
 * `/`. Backends are Services of the Ingress's namespace; one that does not exist is not an API
 * error (the controller answers 503), so it is not one here either.
 */
import { ingressHostProblem } from '../manifests/kinds/ingress.js';
import type { IngressBackendSpec, IngressPathSpec, IngressRuleSpec, IngressSpec, PathType } from '../spec/types.js';
import type { IngressClassDecl, IngressControllerDecl, IngressDecl, Num, Word, ControllerWhere } from '../syntax/ast.js';
import { DIAG } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import { checkName, qualify } from './declarations/names.js';
import type { Ref } from './refs.js';
import { checkPort } from './values.js';
import { lookup } from './words.js';

const PATH_TYPES: Readonly<Record<string, PathType>> = {
  exact: 'Exact',
  prefix: 'Prefix',
  'implementation-specific': 'ImplementationSpecific',
};

function host(ctx: Ctx, w: Word): string | undefined {
  const problem = ingressHostProblem(w.value);
  if (problem) {
    error(ctx, DIAG.ingress, w.span, `invalid Ingress host \`${w.value}\``, { label: problem });
    return undefined;
  }
  return w.value.toLowerCase();
}

function backend(ctx: Ctx, service: Word, port: Num | Word): IngressBackendSpec | undefined {
  checkName(ctx, service.value, service.span, 'Service', 'dns1035');
  if (port.kind === 'Num') return checkPort(ctx, port) ? { kind: 'service', service: service.value, port: port.value } : undefined;
  return { kind: 'service', service: service.value, port: port.value };
}

export function convertIngress(ctx: Ctx, d: IngressDecl): Converted | undefined {
  const q = qualify(ctx, d.name, d.namespace, 'Ingress');
  checkName(ctx, q.name, d.name.span, 'Ingress', 'subdomain');
  let ok = true;
  const rules: IngressRuleSpec[] = [];
  const tls: { hosts: string[]; secretName?: string }[] = [];
  const annotations: Record<string, string> = {};
  let defaultBackend: IngressBackendSpec | undefined;
  for (const line of d.rules) {
    switch (line.kind) {
      case 'IngressRule': {
        const h = line.host ? host(ctx, line.host) : undefined;
        if (line.host && h === undefined) ok = false;
        const pathType = line.pathType ? lookup(ctx, line.pathType, PATH_TYPES, 'path type') : 'Prefix';
        const path = line.path?.value ?? (pathType === 'ImplementationSpecific' ? undefined : '/');
        if (pathType !== 'ImplementationSpecific' && path !== undefined && !path.startsWith('/')) {
          error(ctx, DIAG.ingress, line.path!.span, `an ${pathType} path must be absolute`, { label: 'does not start with /', help: `write \`/${path}\`` });
          ok = false;
        }
        const b = backend(ctx, line.service, line.port);
        if (!pathType || !b) {
          ok = false;
          break;
        }
        const p: IngressPathSpec = { ...(path !== undefined ? { path } : {}), pathType, backend: b };
        // Rules of one host are one rule with several paths, as kubectl would write them.
        const same = rules.findIndex((r) => r.host === h);
        if (same >= 0) rules[same] = { ...rules[same]!, paths: [...rules[same]!.paths, p] };
        else rules.push({ ...(h !== undefined ? { host: h } : {}), paths: [p] });
        break;
      }
      case 'IngressDefault': {
        if (defaultBackend) {
          error(ctx, DIAG.duplicate, line.span, 'an Ingress has one default backend', { label: 'second `default`' });
          ok = false;
        }
        const b = backend(ctx, line.service, line.port);
        if (b) defaultBackend = b;
        else ok = false;
        break;
      }
      case 'IngressTls': {
        const hosts = line.hosts.map((w) => host(ctx, w));
        if (hosts.some((x) => x === undefined)) ok = false;
        tls.push({ hosts: hosts.filter((x): x is string => x !== undefined), ...(line.secret ? { secretName: line.secret.value } : {}) });
        break;
      }
      case 'IngressAnnotations':
        for (const p of line.pairs) annotations[p.key] = p.value;
        break;
      default: {
        const never: never = line;
        throw new Error(`unexpected ${JSON.stringify(never)}`);
      }
    }
  }
  if (rules.length === 0 && !defaultBackend) {
    error(ctx, DIAG.missingClause, d.span, `Ingress ${q.name} routes nothing`, {
      label: 'no rule and no default backend',
      help: 'add e.g. `rule host shop.example.com path /api -> svc api:80`',
    });
    ok = false;
  }
  if (!ok) return undefined;
  const spec: IngressSpec = {
    name: q.name,
    namespace: q.namespace,
    ...(d.className ? { className: d.className.value } : {}),
    annotations,
    ...(defaultBackend ? { defaultBackend } : {}),
    tls,
    rules,
    span: d.span,
  };
  const refs: Ref[] = [{ kind: 'namespace', name: q.namespace, span: q.nsSpan }];
  return { object: { kind: 'ingress', spec }, refs, span: d.span };
}

function controllerObject(ctx: Ctx, controller: Word, where: ControllerWhere, span: IngressClassDecl['span']): Converted | undefined {
  if (where.kind === 'ControllerCloud') return { object: { kind: 'ingress-controller', spec: { name: controller.value, controller: controller.value, kind: 'cloud', span } }, refs: [], span };
  const ns = where.service.namespace ?? 'default';
  const name = where.service.name;
  return {
    object: { kind: 'ingress-controller', spec: { name: controller.value, controller: controller.value, kind: 'in-cluster', service: { namespace: ns, name }, span } },
    refs: [
      { kind: 'namespace', name: ns, span: where.service.span },
      { kind: 'service', namespace: ns, name, span: where.service.span },
    ],
    span,
  };
}

export function convertIngressClass(ctx: Ctx, d: IngressClassDecl): Converted[] {
  checkName(ctx, d.name.value, d.name.span, 'IngressClass', 'subdomain');
  const cls: Converted = { object: { kind: 'ingress-class', spec: { name: d.name.value, controller: d.controller.value, isDefault: d.isDefault, span: d.span } }, refs: [], span: d.span };
  const ctrl = d.where ? controllerObject(ctx, d.controller, d.where, d.span) : undefined;
  return ctrl ? [cls, ctrl] : [cls];
}

export function convertIngressController(ctx: Ctx, d: IngressControllerDecl): Converted[] {
  const c = controllerObject(ctx, d.controller, d.where, d.span);
  return c ? [c] : [];
}
