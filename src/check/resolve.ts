/**
 * Name resolution against a cluster as it stands (the declared cluster, or the cluster after some
 * steps), and the checks that need the whole cluster: node ports and host ports taken twice,
 * provider limits, selector-less Services with no EndpointSlice.
 */
import type { ClusterSpec, Labels, Span } from '../spec/types.js';
import { closest, didYouMean } from '../diag/suggest.js';
import type { ObjectKind } from '../spec/objects.js';
import { isNamespaced, objectKey, objectsOf, shownName } from '../spec/kinds.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, where, type Ctx } from './context.js';
import { interpretAnnotations } from '../cloud/annotations.js';
import { profileById } from '../cloud/profiles.js';
import type { Ref } from './refs.js';
import type { ClusterBase } from './settings.js';
import { ipInCidr, validateCidr } from '../address/validate.js';

/** What name resolution reads of any kind's object. */
type Named = { readonly name: string; readonly namespace?: string };

export interface View {
  readonly spec: ClusterSpec;
  readonly base: ClusterBase;
  /** Pools declared with `pool` or named by a node. */
  readonly pools: ReadonlySet<string>;
  readonly declaredNamespaces: ReadonlySet<string>;
  /** objectKey → title of the step that removed it. */
  readonly removed: ReadonlyMap<string, string>;
}

/**
 * Name indexes per spec, built on first use. Specs are immutable, so the cache is invisible
 * (a pure function's memo); the WeakMap lets each spec's index go with it.
 */
const nameIndexes = new WeakMap<ClusterSpec, Map<ObjectKind, ReadonlySet<string>>>();

function nameIndex(spec: ClusterSpec, kind: ObjectKind): ReadonlySet<string> {
  let byKind = nameIndexes.get(spec);
  if (!byKind) nameIndexes.set(spec, (byKind = new Map()));
  let names = byKind.get(kind);
  if (!names) {
    names = new Set(objectsOf(spec, kind).map((o: Named) => (isNamespaced(kind) ? `${o.namespace}/${o.name}` : o.name)));
    byKind.set(kind, names);
  }
  return names;
}

export function exists(spec: ClusterSpec, kind: ObjectKind, namespace: string | undefined, name: string): boolean {
  return nameIndex(spec, kind).has(isNamespaced(kind) ? `${namespace ?? 'default'}/${name}` : name);
}

/** True when the object exists; otherwise reports it (removed in a step, or unknown with a suggestion). */
export function requireObject(ctx: Ctx, view: View, kind: ObjectKind, namespace: string | undefined, name: string, span: Span): boolean {
  if (exists(view.spec, kind, namespace, name)) return true;
  const key = objectKey(kind, namespace, name);
  const shown = shownName(kind, namespace, name);
  const removedIn = view.removed.get(key);
  if (removedIn !== undefined) {
    error(ctx, DIAG.removedEarlier, span, message(DIAG.removedEarlier, { kind, name: shown, step: removedIn }), {
      label: 'no longer exists here',
      help: `declare it again in a later step, or move this line before step '${removedIn}'`,
    });
    return false;
  }
  const ns = isNamespaced(kind) ? namespace ?? 'default' : undefined;
  const all: readonly Named[] = objectsOf(view.spec, kind);
  const sameNs = all.filter((o) => ns === undefined || o.namespace === ns).map((o) => o.name);
  const elsewhere = ns === undefined ? [] : all.filter((o) => o.name === name && o.namespace !== ns);
  const notes: string[] = [];
  let help = didYouMean(name, sameNs);
  const other = elsewhere[0];
  if (other) {
    notes.push(`there is a ${kind} \`${name}\` in namespace \`${other.namespace}\``);
    help ??= `write \`${other.namespace}/${name}\``;
  }
  if (all.length === 0) notes.push(`the cluster declares no ${kind} at all`);
  else if (help === undefined && sameNs.length > 0 && sameNs.length <= 8) notes.push(`declared: ${sameNs.join(', ')}`);
  error(ctx, DIAG.unknownName, span, message(DIAG.unknownName, { kind, name: shown }), { label: `no such ${kind}`, notes, help });
  return false;
}

/** Checks references (made by objects converted for this cluster) against `view`. */
export function resolveRefs(ctx: Ctx, view: View, refs: readonly Ref[]): void {
  const warned = new Set<string>();
  for (const r of refs) {
    switch (r.kind) {
      case 'node':
        requireObject(ctx, view, 'node', undefined, r.name, r.span);
        break;
      case 'service':
        requireObject(ctx, view, 'service', r.namespace, r.name, r.span);
        break;
      case 'host':
        requireObject(ctx, view, 'host', undefined, r.name, r.span);
        break;
      case 'domain': {
        const domains = [...new Set(view.spec.nodes.flatMap((n) => (n.domain === undefined ? [] : [n.domain])))];
        if (!domains.includes(r.name))
          error(ctx, DIAG.unknownName, r.span, `no node is in domain \`${r.name}\``, {
            label: 'unknown network domain',
            help: didYouMean(r.name, domains) ?? 'put nodes in it with `node NAME ip ADDR domain NAME` (or on their pool)',
          });
        break;
      }
      case 'security-group':
        requireObject(ctx, view, 'security-group', undefined, r.name, r.span);
        break;
      case 'pool':
        if (!view.pools.has(r.name)) {
          error(ctx, DIAG.unknownName, r.span, `unknown node pool \`${r.name}\``, {
            label: 'no node is in this pool',
            help: didYouMean(r.name, view.pools) ?? 'put nodes in it with `node NAME ip ADDR pool NAME`',
          });
        }
        break;
      case 'namespace': {
        if (view.declaredNamespaces.has(r.name) || r.name === 'default' || r.name === 'kube-system') break;
        const near = closest(r.name, view.declaredNamespaces);
        const key = `${r.name}@${r.span.start.offset}`;
        if (near && near.distance > 0 && !warned.has(key)) {
          warned.add(key);
          warn(ctx, DIAG.namespaceNearMiss, r.span, message(DIAG.namespaceNearMiss, { name: r.name, near: near.candidate }), {
            label: 'created implicitly',
            help: `did you mean \`${near.candidate}\`?`,
          });
        }
        break;
      }
      case 'pod-ip': {
        const node = view.spec.nodes.find((n) => n.name === r.node);
        const nodeCidr = node?.podCidr ? validateCidr(node.podCidr) : undefined;
        if (nodeCidr && typeof nodeCidr !== 'string') {
          if (!ipInCidr(r.ip, nodeCidr.cidr)) {
            error(ctx, DIAG.outsideCidr, r.span, message(DIAG.outsideCidr, { what: 'pod IP', ip: r.ip.text, range: `pod CIDR ${nodeCidr.cidr.text} of node ${r.node}` }), {
              label: `not in ${nodeCidr.cidr.text}`,
              notes: ['a pod takes its address from the pod CIDR of the node it runs on'],
            });
          }
        } else if (!view.base.podCidrs.some((c) => ipInCidr(r.ip, c))) {
          error(ctx, DIAG.outsideCidr, r.span, message(DIAG.outsideCidr, { what: 'pod IP', ip: r.ip.text, range: 'cluster pod CIDR' }), {
            label: `not in ${view.base.podCidrs.map((c) => c.text).join(' or ')}`,
            help: 'pick an address inside `pod-cidr`, or leave `ip` out to have one allocated',
          });
        }
        break;
      }
      default: {
        const never: never = r;
        throw new Error(`unexpected ref ${JSON.stringify(never)}`);
      }
    }
  }
}

/**
 * Cluster-wide rules. `focus` limits reports to conflicts involving these object keys (a step's
 * upserts); undefined reports every conflict (the declared cluster), on the later object.
 */
export function checkClusterWide(ctx: Ctx, spec: ClusterSpec, provider: string, focus?: ReadonlySet<string>): void {
  const inFocus = (key: string): boolean => focus === undefined || focus.has(key);

  const nodePorts = new Map<string, { svc: string; span?: Span }>();
  for (const s of spec.services) {
    const key = objectKey('service', s.namespace, s.name);
    for (const p of s.ports) {
      if (p.nodePort === undefined) continue;
      const k = `${p.protocol}/${p.nodePort}`;
      const first = nodePorts.get(k);
      if (first && first.svc !== key && inFocus(key)) {
        error(ctx, DIAG.nodePort, p.span ?? s.span ?? dummySpan(ctx), `node port ${p.nodePort}/${p.protocol} is already taken by ${first.svc}`, {
          label: 'taken twice',
          notes: [...(first.span ? [`first taken at ${where(first.span)}`] : []), 'a node port is opened on every node, so it belongs to one Service only'],
          help: 'pick another port, or leave `node-port` out to have one allocated',
        });
      } else if (!first) nodePorts.set(k, { svc: key, ...(p.span ? { span: p.span } : {}) });
    }
  }

  const hostPorts = new Map<string, { pod: string; span?: Span }>();
  for (const pod of spec.pods) {
    const key = objectKey('pod', pod.namespace, pod.name);
    const taken = pod.hostNetwork ? pod.ports.map((p) => ({ port: p.containerPort, protocol: p.protocol })) : pod.ports.flatMap((p) => (p.hostPort !== undefined ? [{ port: p.hostPort, protocol: p.protocol }] : []));
    for (const t of taken) {
      const k = `${pod.node}|${t.protocol}/${t.port}`;
      const first = hostPorts.get(k);
      if (first && first.pod !== key && inFocus(key)) {
        error(ctx, DIAG.hostPortClash, pod.span ?? dummySpan(ctx), message(DIAG.hostPortClash, { port: `${t.port}/${t.protocol}`, node: pod.node, owner: first.pod }), {
          label: 'port clash on the node',
          notes: [...(first.span ? [`first taken at ${where(first.span)}`] : []), 'host ports and host-network ports share the node address: one pod per port and node'],
          help: 'use another port or put the pod on another node',
        });
      } else if (!first) hostPorts.set(k, { pod: key, ...(pod.span ? { span: pod.span } : {}) });
    }
  }

  const profile = profileById(provider);
  const annotated: { kind: 'Service' | 'Ingress'; key: string; annotations: Labels; policy?: 'Cluster' | 'Local'; span?: Span }[] = [
    ...spec.services.map((s) => ({ kind: 'Service' as const, key: objectKey('service', s.namespace, s.name), annotations: s.annotations, policy: s.externalTrafficPolicy, ...(s.span ? { span: s.span } : {}) })),
    ...spec.ingresses.map((i) => ({ kind: 'Ingress' as const, key: objectKey('ingress', i.namespace, i.name), annotations: i.annotations, ...(i.span ? { span: i.span } : {}) })),
  ];
  for (const o of annotated) {
    if (!inFocus(o.key) || Object.keys(o.annotations).length === 0) continue;
    const interpreted = interpretAnnotations(profile, o.kind, o.annotations, spec.networkMode, o.policy);
    for (const issue of interpreted.issues) {
      const extra = { label: `annotation ${issue.key}`, ...(issue.expected ? { expected: issue.expected } : {}), ...(issue.help ? { help: issue.help } : {}) };
      if (issue.severity === 'error') error(ctx, DIAG.annotation, o.span ?? dummySpan(ctx), issue.message, extra);
      else warn(ctx, DIAG.annotationVoid, o.span ?? dummySpan(ctx), issue.message, extra);
    }
    // Access control: the ACL must exist; switching it on needs one.
    const acl = interpreted.settings;
    const aclNames = spec.lbAcls.map((a) => a.name);
    if (acl.aclId !== undefined && !aclNames.includes(acl.aclId))
      error(ctx, DIAG.annotation, o.span ?? dummySpan(ctx), `no load balancer ACL \`${acl.aclId}\``, {
        label: `annotation ${interpreted.decidedBy.aclId ?? 'acl id'}`,
        help: didYouMean(acl.aclId, aclNames) ?? `declare it: \`lb-acl ${acl.aclId} CIDR, CIDR\``,
      });
    else if (acl.aclEnabled && acl.aclId === undefined)
      error(ctx, DIAG.annotation, o.span ?? dummySpan(ctx), 'access control is on but names no ACL', {
        label: `annotation ${interpreted.decidedBy.aclEnabled ?? 'acl status'}`,
        help: "add the provider's acl-id annotation naming an `lb-acl`",
      });
  }

  const limit = profile.limits.servicesPerNamespace;
  if (limit !== undefined) {
    const count = new Map<string, number>();
    for (const s of spec.services) {
      const n = (count.get(s.namespace) ?? 0) + 1;
      count.set(s.namespace, n);
      if (n === limit + 1 && inFocus(objectKey('service', s.namespace, s.name))) {
        error(ctx, DIAG.providerLimit, s.span ?? dummySpan(ctx), message(DIAG.providerLimit, { namespace: s.namespace, limit }), {
          label: `Service number ${n}`,
          notes: [`${profile.name} admits at most ${limit} Services per namespace`],
        });
      }
    }
  }

  for (const s of spec.services) {
    const key = objectKey('service', s.namespace, s.name);
    if (s.selector !== null || s.type === 'ExternalName' || !inFocus(key)) continue;
    if (!spec.endpointSlices.some((e) => e.namespace === s.namespace && e.service === s.name)) {
      warn(ctx, DIAG.noEndpoints, s.span ?? dummySpan(ctx), message(DIAG.noEndpoints, { service: `${s.namespace}/${s.name}` }), {
        label: 'it has no endpoints',
        notes: ['without a selector no EndpointSlice is made for it: connections are refused'],
        help: `add \`selector app=...\`, or \`endpoint-slice ${s.name}-1 for ${s.name} ports ... { endpoint ADDR }\``,
      });
    }
  }
  checkHttpObjects(ctx, spec, inFocus);
}

/**
 * What the API server admits but the data path will not serve: backends that do not exist, a
 * class no IngressClass defines, several default classes, routes attached to no Gateway.
 */
function checkHttpObjects(ctx: Ctx, spec: ClusterSpec, inFocus: (key: string) => boolean): void {
  const services = new Set(spec.services.map((s) => `${s.namespace}/${s.name}`));
  const classes = spec.ingressClasses;
  const profileClasses = profileById(spec.provider).ingress?.classes ?? [];
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length > 1) {
    warn(ctx, DIAG.routeGoesNowhere, defaults[1]!.span ?? dummySpan(ctx), `${defaults.length} IngressClasses are marked as the default`, {
      label: 'second default',
      notes: ['the API server then refuses new Ingresses that name no class, and netscn serves such Ingresses with no controller'],
    });
  }
  for (const ing of spec.ingresses) {
    if (!inFocus(objectKey('ingress', ing.namespace, ing.name))) continue;
    const span = ing.span ?? dummySpan(ctx);
    const cls = ing.className ?? ing.annotations['kubernetes.io/ingress.class'];
    if (cls !== undefined && !classes.some((c) => c.name === cls) && !profileClasses.includes(cls)) {
      warn(ctx, DIAG.routeGoesNowhere, span, `Ingress ${ing.namespace}/${ing.name} names the class \`${cls}\`, which no IngressClass defines`, {
        label: 'no controller serves it',
        help: `declare \`ingress-class ${cls} controller ... service NS/NAME\``,
      });
    }
    const backends = [...(ing.defaultBackend ? [ing.defaultBackend] : []), ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))];
    for (const b of backends) {
      if (b.kind === 'service' && !services.has(`${ing.namespace}/${b.service}`)) {
        const hint = didYouMean(b.service, spec.services.filter((x) => x.namespace === ing.namespace).map((x) => x.name));
        warn(ctx, DIAG.routeGoesNowhere, span, `Ingress ${ing.namespace}/${ing.name} sends to Service ${b.service}, which does not exist in ${ing.namespace}`, {
          label: 'missing backend',
          notes: ['the API server admits it; requests routed there get 503 from the controller'],
          ...(hint ? { help: hint } : {}),
        });
      }
    }
  }
  for (const r of spec.httpRoutes) {
    if (!inFocus(objectKey('http-route', r.namespace, r.name))) continue;
    const attached = r.parentRefs.some((p) => spec.gateways.some((g) => g.name === p.name && g.namespace === (p.namespace ?? r.namespace)));
    if (!attached) warn(ctx, DIAG.routeGoesNowhere, r.span ?? dummySpan(ctx), `HTTPRoute ${r.namespace}/${r.name} refers to no Gateway of this cluster`, { label: 'not attached', notes: ['requests never reach its rules'] });
  }
  for (const r of spec.routes) {
    if (!inFocus(objectKey('route', r.namespace, r.name))) continue;
    for (const b of r.backends) {
      if (!services.has(`${r.namespace}/${b.service}`)) {
        warn(ctx, DIAG.routeGoesNowhere, r.span ?? dummySpan(ctx), `Route ${r.namespace}/${r.name} sends to Service ${b.service}, which does not exist in ${r.namespace}`, { label: 'missing backend', notes: ['the router answers 503 for it'] });
      }
    }
  }
}

function dummySpan(ctx: Ctx): Span {
  const p = { offset: 0, line: 1, column: 1 };
  return { file: ctx.file, start: p, end: p };
}
