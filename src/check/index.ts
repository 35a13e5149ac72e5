/**
 * `check`: AST → Scenario + diagnostics. Every semantic error of the file is reported in one
 * pass; a Scenario is produced only when there is no error. Steps are validated against the
 * cluster as the previous steps leave it (src/spec/apply.ts, the same function `run` uses).
 */
import { warnIstioRouting } from './istio-routing.js';
import { basename, extname } from '../paths/posix.js';
import { capDiagnostics } from '../diag/cap.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { applyChange } from '../spec/apply.js';
import { immutableChanges } from '../cloud/annotations.js';
import { profileById } from '../cloud/profiles.js';
import type { ClusterSpec, Labels, NamespaceSpec, Span } from '../spec/types.js';
import type { Assertion, ClusterBlock, ClusterStmt, File, Mutation, PoolDecl, StepBlock, StepItem } from '../syntax/ast.js';
import { parseFile } from '../syntax/parse.js';
import type { Scenario, Step } from './scenario.js';
import type { Change } from '../spec/objects.js';
import { convertAssertion } from './assertions.js';
import { convertChange } from './change.js';
import { topLevelChecks, taskSteps } from './tasks.js';
import { mutationChange } from './mutations.js';
import { placeUnscheduled } from './placement.js';
import { podSubnetRule } from './pod-subnet.js';
import { gatherSecurityGroupLine, securityGroupObjects, stepSecurityGroup, type GroupsSoFar } from './security-groups.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, newCtx, where, type Ctx } from './context.js';
import { loadObjects, yamlObjects, type FileAccess } from './manifests.js';
import type { Converted, Env } from './declarations/converted.js';
import { convertEndpointSlice } from './declarations/endpoint-slice.js';
import { convertHost } from './declarations/host.js';
import { convertNamespace } from './declarations/namespace.js';
import { convertNode, convertPool } from './declarations/node.js';
import { convertPod } from './declarations/pod.js';
import { convertService } from './declarations/service.js';
import { convertIngress, convertIngressClass, convertIngressController } from './ingress.js';
import { convertPolicy } from './declarations/network-policy.js';
import { convertLbAcl, convertLink } from './links.js';
import type { Ref } from './refs.js';
import { checkClusterWide, resolveRefs, type View } from './resolve.js';
import { warnUnenforcedCilium } from './cilium-cni.js';
import { warnUnenforcedCalico } from './calico-enforcement.js';
import { groupByKind, keyOfObject, objectKey, splitDuplicates } from '../spec/kinds.js';
import { clusterBase } from './cluster-settings.js';
import { settingInStep, type ClusterBase } from './settings.js';
import { assertNever } from '../spec/never.js';
import { boundReader, isTemplate, mapToTemplate, namesUsed, prepareVariant, unusedParams, type VariantChoice } from './params/template.js';

export interface CheckOptions extends FileAccess {
  readonly file: string;
}

export interface CheckResult {
  readonly scenario?: Scenario;
  readonly diagnostics: Diagnostic[];
}

export function checkFile(ast: File, opts: CheckOptions): CheckResult {
  const ctx = newCtx(opts.file);
  try {
    const scenario = buildScenario(ctx, ast, opts);
    return hasErrors(ctx.diagnostics) ? { diagnostics: ctx.diagnostics } : { scenario, diagnostics: ctx.diagnostics };
  } catch (e) {
    const p = { offset: 0, line: 1, column: 1 };
    ctx.diagnostics.push({
      code: DIAG.internalCheck.code,
      severity: 'error',
      message: message(DIAG.internalCheck, {}),
      span: { file: opts.file, start: p, end: p },
      notes: [(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''],
      help: 'this is a bug in netscn; please report it with the file that caused it',
    });
    return { diagnostics: ctx.diagnostics };
  }
}

/**
 * parseFile + checkFile, with at most MAX_DIAGNOSTICS_PER_FILE diagnostics (src/diag/cap.ts). A
 * template (a file with parameters) is checked as its variant of `opts.seed` (params/template.ts).
 */
export function parseAndCheck(text: string, file: string, opts: FileAccess & VariantChoice = {}): CheckResult {
  const parsed = parseFile(text, file);
  if (!parsed.ast) return { diagnostics: capDiagnostics(parsed.diagnostics) };
  const checked = checkParsed(parsed.ast, text, { ...opts, file });
  return { ...checked, diagnostics: capDiagnostics([...parsed.diagnostics, ...checked.diagnostics]) };
}

/** checkFile of a parsed text; a template is checked as its variant of `opts.seed`. */
export function checkParsed(ast: File, text: string, opts: CheckOptions & VariantChoice): CheckResult {
  return isTemplate(ast, text) ? checkVariant(ast, text, opts.file, opts) : checkFile(ast, opts);
}

/** A template: its parameters checked, then its variant checked as a scenario, at the template's positions. */
function checkVariant(ast: File, text: string, file: string, opts: FileAccess & VariantChoice): CheckResult {
  const prepared = prepareVariant(ast, text, file, opts);
  const variant = prepared.variant;
  if (!variant) return { diagnostics: capDiagnostics(prepared.diagnostics) };
  const bound = parseFile(variant.text, file);
  const used = namesUsed(text);
  const fromFiles: Diagnostic[] = [];
  const access: FileAccess = { ...opts, ...(opts.readFile ? { readFile: boundReader(opts.readFile, variant, file, used, (d) => fromFiles.push(d)) } : {}) };
  const checked: CheckResult = bound.ast ? checkFile(bound.ast, { ...access, file }) : { diagnostics: bound.diagnostics };
  const diagnostics = [...prepared.diagnostics, ...fromFiles, ...checked.diagnostics.map((d) => mapToTemplate(d, variant, file)), ...unusedParams(ast, used)];
  const scenario = checked.scenario && !hasErrors(fromFiles) ? { ...checked.scenario, variant: { seed: variant.seed, bindings: variant.bindings } } : undefined;
  return { ...(scenario ? { scenario } : {}), diagnostics: capDiagnostics(diagnostics) };
}

export { parseFile };

// ---------------------------------------------------------------- the scenario

function isAssertion(i: StepItem): i is Assertion {
  return i.kind === 'Reach' || i.kind === 'GroupReach' || i.kind === 'Request' || i.kind === 'Resolve' || i.kind === 'Table' || i.kind === 'Change';
}
function isMutation(i: StepItem): i is Mutation {
  return i.kind === 'Remove' || i.kind === 'Relabel' || i.kind === 'PodLifecycle';
}

/**
 * The scenario, in named steps: the one cluster block, its settings, its pools, its declarations
 * (security groups gathered), duplicates dropped, the spec and its references resolved, then the
 * top-level assertions, the tasks and the steps, each against the cluster as it stands there.
 */
function buildScenario(ctx: Ctx, ast: File, opts: CheckOptions): Scenario {
  const cluster = theClusterBlock(ctx, ast);
  const body = cluster?.body ?? [];
  const base = clusterBase(ctx, body.flatMap((s) => (s.kind === 'Setting' ? [s] : [])));
  const poolDecls = poolDeclarations(ctx, body);
  const firstNode = body.find((s) => s.kind === 'Node');
  const env: Env = { base, pools: poolDecls, ...(firstNode?.kind === 'Node' ? { defaultNode: firstNode.name.value } : {}) };
  for (const p of poolDecls.values()) convertPool(ctx, env, p);
  const { converted, sgRefs } = convertDeclarations(ctx, body, env, opts, cluster?.span);

  // Duplicates: the second declaration is reported and dropped.
  const { kept: objects, duplicates } = splitDuplicates(converted, (c) => c.object);
  for (const { item, first, key } of duplicates) {
    error(ctx, DIAG.duplicate, item.span, `${key} is declared twice`, { label: 'second declaration', notes: [`first declared at ${where(first.span)}`], help: 'remove one, or give it another name' });
  }

  const refs = [...objects.flatMap((c) => c.refs), ...sgRefs];
  const all = groupByKind(objects.map((c) => c.object));
  const declared = all.namespace;
  const spec: ClusterSpec = {
    name: cluster?.name.value ?? 'cluster',
    provider: base.provider,
    networkMode: base.networkMode,
    proxyMode: base.proxyMode,
    podCidrs: base.podCidrs.map((c) => c.text),
    ...(base.cni ? { cni: base.cni } : {}),
    serviceCidr: base.serviceCidr.text,
    ...(base.secondaryServiceCidr ? { secondaryServiceCidr: base.secondaryServiceCidr.text } : {}),
    nodePortRange: base.nodePortRange,
    clusterDomain: base.clusterDomain,
    nodeCidrMaskSize: base.nodeCidrMaskSize,
    settings: base.settings,
    nodes: all.node,
    namespaces: [...declared, ...implicitNamespaces(declared, refs)],
    pods: placeUnscheduled(ctx, all.pod, all.node),
    services: all.service,
    endpointSlices: all['endpoint-slice'],
    networkPolicies: all['network-policy'],
    hosts: all.host,
    securityGroups: all['security-group'],
    adminNetworkPolicies: all['admin-network-policy'],
    calicoNetworkPolicies: all['calico-network-policy'],
    calicoGlobalNetworkPolicies: all['calico-global-network-policy'],
    ciliumNetworkPolicies: all['cilium-network-policy'],
    ciliumClusterwideNetworkPolicies: all['cilium-clusterwide-network-policy'],
    calicoHostEndpoints: all['calico-host-endpoint'],
    calicoProfiles: all['calico-profile'],
    calicoTierSpecs: all['calico-tier'],
    calicoNetworkSets: all['calico-network-set'],
    calicoGlobalNetworkSets: all['calico-global-network-set'],
    serviceAccounts: all['service-account'],
    ...(all['baseline-admin-network-policy'][0] ? { baselineAdminNetworkPolicy: all['baseline-admin-network-policy'][0] } : {}),
    ingresses: all.ingress.map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })),
    ingressClasses: all['ingress-class'],
    ingressControllers: all['ingress-controller'],
    links: all.link,
    lbAcls: all['lb-acl'],
    gateways: all.gateway,
    routes: all.route.map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })),
    httpRoutes: all['http-route'].map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })),
    userDefinedNetworks: all['user-defined-network'],
    clusterUserDefinedNetworks: all['cluster-user-defined-network'],
    networkAttachments: all['network-attachment-definition'],
    multiNetworkPolicies: all['multi-network-policy'],
    authorizationPolicies: all['authorization-policy'],
    peerAuthentications: all['peer-authentication'],
    istioSidecars: all['istio-sidecar'],
    serviceEntries: all['service-entry'],
    istioGateways: all['istio-gateway'],
    virtualServices: all['virtual-service'],
    dnsService: base.dnsService,
    ...(cluster ? { span: cluster.span } : {}),
  };
  let view: View = {
    spec,
    base,
    pools: poolsOf(spec, poolDecls),
    declaredNamespaces: new Set(declared.map((n) => n.name)),
    removed: new Map(),
  };
  resolveRefs(ctx, view, refs);
  checkClusterWide(ctx, spec, base.provider);
  warnUnenforcedCilium(ctx, spec);
  warnUnenforcedCalico(ctx, spec);
  warnIstioRouting(ctx, spec);

  // Top-level assertions and tasks run against the declared cluster, before any step.
  const steps: Step[] = [{ changes: [], checks: topLevelChecks(ctx, view, ast) }];
  const tasks = taskSteps(ctx, view, ast, steps);
  const learnerFiles = cluster?.body.flatMap((s) => (s.kind === 'Load' && s.learner ? [s.learner.value] : [])) ?? [];
  for (const item of ast.items) {
    if (item.kind !== 'Step') continue;
    const r = checkStep(ctx, view, poolDecls, item, opts);
    view = r.view;
    steps.push(r.step);
  }
  return {
    file: opts.file,
    title: ast.header?.title.value ?? fileTitle(opts.file),
    ...(tasks.length > 0 ? { tasks } : {}),
    ...(learnerFiles.length > 0 ? { learnerFiles } : {}),
    cluster: spec,
    steps,
  };
}

/** The file's cluster block; a second one is an error. */
function theClusterBlock(ctx: Ctx, ast: File): ClusterBlock | undefined {
  const clusters = ast.items.filter((i) => i.kind === 'Cluster');
  const cluster = clusters[0];
  for (const extra of clusters.slice(1)) {
    error(ctx, DIAG.duplicate, extra.name.span, 'a scenario has one cluster block', {
      label: 'second cluster',
      notes: [cluster ? `the first is at ${where(cluster.span)}` : ''],
      help: 'put everything in one `cluster` block; use `step` blocks to change it',
    });
  }
  return cluster;
}

/** The cluster block's pools by name; a second pool of a name is an error. */
function poolDeclarations(ctx: Ctx, body: readonly ClusterStmt[]): Map<string, PoolDecl> {
  const poolDecls = new Map<string, PoolDecl>();
  for (const s of body) {
    if (s.kind !== 'Pool') continue;
    const first = poolDecls.get(s.name.value);
    if (first) error(ctx, DIAG.duplicate, s.name.span, `pool ${s.name.value} is declared twice`, { label: 'second declaration', notes: [`first declared at ${where(first.span)}`] });
    else poolDecls.set(s.name.value, s);
  }
  return poolDecls;
}

/** The cluster block's declarations → objects, in source order; then the provider's pod-subnet rule and the security groups. */
function convertDeclarations(ctx: Ctx, body: readonly ClusterStmt[], env: Env, opts: CheckOptions, clusterSpan: Span | undefined): { converted: Converted[]; sgRefs: Ref[] } {
  const converted: Converted[] = [];
  const groups: GroupsSoFar = new Map();
  const sgRefs: Ref[] = [];
  for (const s of body) {
    switch (s.kind) {
      case 'Setting':
      case 'Pool':
        break;
      case 'SecurityGroup':
        gatherSecurityGroupLine(ctx, env.base, s, groups, sgRefs);
        break;
      default:
        converted.push(...convertStmt(ctx, s, env, opts));
    }
  }
  podSubnetRule(ctx, env.base, converted, clusterSpan);
  converted.push(...securityGroupObjects(env.base, groups, converted, clusterSpan));
  return { converted, sgRefs };
}

function implicitNamespaces(declared: readonly NamespaceSpec[], refs: readonly Ref[]): NamespaceSpec[] {
  const have = new Set(declared.map((n) => n.name));
  const out: NamespaceSpec[] = [];
  for (const r of refs) {
    if (r.kind !== 'namespace' || have.has(r.name)) continue;
    have.add(r.name);
    out.push({ name: r.name, labels: {} });
  }
  return out;
}

function poolsOf(spec: ClusterSpec, decls: ReadonlyMap<string, PoolDecl>): Set<string> {
  return new Set([...decls.keys(), ...spec.nodes.flatMap((n) => (n.pool !== undefined ? [n.pool] : []))]);
}

/** A cluster statement other than settings, pools and security groups → objects. */
function convertStmt(ctx: Ctx, s: Exclude<ClusterStmt, { kind: 'Setting' | 'Pool' | 'SecurityGroup' }>, env: Env, opts: CheckOptions): Converted[] {
  const one = (c: Converted | undefined): Converted[] => (c ? [c] : []);
  switch (s.kind) {
    case 'Node':
      return [convertNode(ctx, env, s)];
    case 'Namespace':
      return [convertNamespace(ctx, s)];
    case 'Pod':
      return one(convertPod(ctx, env, s));
    case 'Service':
      return [convertService(ctx, env, s)];
    case 'EndpointSlice':
      return [convertEndpointSlice(ctx, s)];
    case 'Policy':
      return one(convertPolicy(ctx, s));
    case 'Host':
      return one(convertHost(ctx, s));
    case 'Yaml':
      return yamlObjects(ctx, s);
    case 'Load':
      return loadObjects(ctx, s, opts);
    case 'Ingress':
      return one(convertIngress(ctx, s));
    case 'IngressClass':
      return convertIngressClass(ctx, s);
    case 'IngressController':
      return convertIngressController(ctx, s);
    case 'Link':
      return one(convertLink(ctx, s));
    case 'LbAcl':
      return one(convertLbAcl(ctx, s));
    default:
      return assertNever(s);
  }
}

// ---------------------------------------------------------------- steps

function checkStep(ctx: Ctx, before: View, poolDecls: ReadonlyMap<string, PoolDecl>, step: StepBlock, opts: CheckOptions): { view: View; step: Step } {
  const title = step.title.value;
  let spec = before.spec;
  const removed = new Map(before.removed);
  const declaredNamespaces = new Set(before.declaredNamespaces);
  const changes: Change[] = [];
  const refs: Ref[] = [];
  const focus = new Set<string>();
  const upserted = new Map<string, Span>();
  const assertions: Assertion[] = [];
  const current = (): View => ({ ...before, spec, removed, declaredNamespaces, pools: poolsOf(spec, poolDecls) });
  const push = (c: Change): void => {
    changes.push(c);
    spec = applyChange(spec, c);
  };
  const upsert = (c: Converted): void => {
    const key = keyOfObject(c.object);
    const first = upserted.get(key);
    if (first) {
      error(ctx, DIAG.duplicate, c.span, `${key} is declared twice in this step`, { label: 'second declaration', notes: [`first declared at ${where(first)}`] });
      return;
    }
    upserted.set(key, c.span);
    focus.add(key);
    const o = c.object;
    if (o.kind === 'service' || o.kind === 'ingress') {
      const list: readonly { namespace: string; name: string; annotations: Labels }[] = o.kind === 'service' ? spec.services : spec.ingresses;
      const old = list.find((x) => x.namespace === o.spec.namespace && x.name === o.spec.name);
      if (old) {
        for (const issue of immutableChanges(profileById(before.base.provider), old.annotations, o.spec.annotations)) {
          error(ctx, DIAG.annotation, c.span, issue.message, { label: `annotation ${issue.key}`, ...(issue.help ? { help: issue.help } : {}) });
        }
      }
    }
    removed.delete(key);
    if (c.object.kind === 'namespace') declaredNamespaces.add(c.object.spec.name);
    const ns = 'namespace' in c.object.spec ? (c.object.spec.namespace as string) : undefined;
    if (ns !== undefined && !spec.namespaces.some((n) => n.name === ns)) {
      push({ kind: 'upsert', object: { kind: 'namespace', spec: { name: ns, labels: {} } }, span: c.span });
    }
    refs.push(...c.refs);
    push({ kind: 'upsert', object: c.object, span: c.span });
  };

  for (const item of step.body) {
    if (isAssertion(item)) {
      assertions.push(item);
      continue;
    }
    if (isMutation(item)) {
      const c = mutationChange(ctx, current(), item);
      if (c) {
        if (c.kind === 'remove') removed.set(objectKey(c.objectKind, c.namespace, c.name), title);
        push(c);
      }
      continue;
    }
    switch (item.kind) {
      case 'Setting':
        settingInStep(ctx, item);
        break;
      case 'Pool':
        error(ctx, DIAG.misplaced, item.span, 'pools are declared in the cluster block', { label: 'not valid in a step' });
        break;
      case 'SecurityGroup':
        stepSecurityGroup(ctx, item, { spec, view: current, push, refs });
        break;
      default: {
        const env: Env = { base: before.base, pools: poolDecls, ...(spec.nodes[0] ? { defaultNode: spec.nodes[0].name } : {}) };
        const converted = convertStmt(ctx, item, env, opts);
        for (const c of converted) {
          // Pods loaded from manifests without a node are placed like the cluster block's (placeUnscheduled).
          if (c.object.kind === 'pod' && c.object.spec.node === '') {
            const [placed] = placeUnscheduled(ctx, [c.object.spec], spec.nodes);
            upsert({ ...c, object: { kind: 'pod', spec: placed ?? c.object.spec } });
          } else upsert(c);
        }
      }
    }
  }
  const view = current();
  resolveRefs(ctx, view, refs);
  checkClusterWide(ctx, spec, before.base.provider, focus);
  warnUnenforcedCilium(ctx, spec, focus);
  warnUnenforcedCalico(ctx, spec, focus);
  const checks = assertions.flatMap((a) => {
    const c = a.kind === 'Change' ? convertChange(ctx, before, view, { title, changes: changes.length }, a) : convertAssertion(ctx, view, a);
    return c ? [c] : [];
  });
  return { view, step: { title, span: step.span, changes, checks } };
}

export type { ClusterBase };

/** The file's name without its extension (`/` and `\` both separate folders). */
function fileTitle(file: string): string {
  const p = file.split('\\').join('/');
  return basename(p, extname(p));
}
