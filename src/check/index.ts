/**
 * `check`: AST → Scenario + diagnostics. Every semantic error of the file is reported in one
 * pass; a Scenario is produced only when there is no error. Steps are validated against the
 * cluster as the previous steps leave it (src/spec/apply.ts, the same function `run` uses).
 */
import { basename, extname } from '../paths/posix.js';
import { capDiagnostics } from '../diag/cap.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { applyChange } from '../spec/apply.js';
import { immutableChanges } from '../cloud/annotations.js';
import { profileById } from '../cloud/profiles.js';
import { nodeSecurityGroup } from '../cloud/node-security-group.js';
import { placePods } from '../manifests/placement.js';
import type {
  AdminNetworkPolicySpec,
  BaselineAdminNetworkPolicySpec,
  ClusterSpec,
  EndpointSliceSpec,
  GatewaySpec,
  HostSpec,
  HttpRouteSpec,
  IngressClassSpec,
  IngressControllerSpec,
  IngressSpec,
  LabelSelector,
  Labels,
  LinkSpec,
  LbAclSpec,
  NamespaceSpec,
  NetworkPolicySpec,
  NodeSpec,
  PodSpec,
  RouteSpec,
  SecurityGroupRule,
  SecurityGroupSpec,
  ServiceSpec,
  Span,
} from '../spec/types.js';
import type { Assertion, ClusterStmt, File, Mutation, PoolDecl, StepBlock, StepItem } from '../syntax/ast.js';
import { parseFile } from '../syntax/parse.js';
import type { Check, Scenario, Step, TaskInfo } from './scenario.js';
import type { Change, ObjectKind, SpecObject } from '../spec/objects.js';
import { convertAssertion } from './assertions.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, newCtx, warn, where, type Ctx } from './context.js';
import { loadObjects, yamlObjects, type FileAccess } from './manifests.js';
import { assertNever } from './never.js';
import type { Converted, Env } from './declarations/converted.js';
import { convertEndpointSlice } from './declarations/endpoint-slice.js';
import { convertHost } from './declarations/host.js';
import { checkLabels } from './declarations/labels.js';
import { qualify } from './declarations/names.js';
import { convertNamespace } from './declarations/namespace.js';
import { convertNode, convertPool } from './declarations/node.js';
import { convertPod } from './declarations/pod.js';
import { convertService } from './declarations/service.js';
import { convertSgRule } from './declarations/security-group-rule.js';
import { convertIngress, convertIngressClass, convertIngressController } from './ingress.js';
import { convertPolicy, convertSelector } from './policy.js';
import { convertLbAcl, convertLink } from './links.js';
import type { Ref } from './refs.js';
import { checkClusterWide, isNamespaced, objectKey, requireObject, resolveRefs, type View } from './resolve.js';
import { SETTING_WORDS, clusterBase, unknownStatement, type ClusterBase } from './settings.js';
import { labelKeyProblem } from './values.js';
import { ipInCidr, validateIp } from '../address/validate.js';

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

/** parseFile + checkFile, with at most MAX_DIAGNOSTICS_PER_FILE diagnostics (src/diag/cap.ts). */
export function parseAndCheck(text: string, file: string, opts: FileAccess = {}): CheckResult {
  const parsed = parseFile(text, file);
  if (!parsed.ast) return { diagnostics: capDiagnostics(parsed.diagnostics) };
  const checked = checkFile(parsed.ast, { ...opts, file });
  return { ...checked, diagnostics: capDiagnostics([...parsed.diagnostics, ...checked.diagnostics]) };
}

export { parseFile };

// ---------------------------------------------------------------- the scenario

function isAssertion(i: StepItem): i is Assertion {
  return i.kind === 'Reach' || i.kind === 'GroupReach' || i.kind === 'Request' || i.kind === 'Resolve' || i.kind === 'Table';
}
function isMutation(i: StepItem): i is Mutation {
  return i.kind === 'Remove' || i.kind === 'Relabel' || i.kind === 'PodLifecycle';
}

function buildScenario(ctx: Ctx, ast: File, opts: CheckOptions): Scenario {
  const clusters = ast.items.filter((i) => i.kind === 'Cluster');
  const cluster = clusters[0];
  for (const extra of clusters.slice(1)) {
    error(ctx, DIAG.duplicate, extra.name.span, 'a scenario has one cluster block', {
      label: 'second cluster',
      notes: [cluster ? `the first is at ${where(cluster.span)}` : ''],
      help: 'put everything in one `cluster` block; use `step` blocks to change it',
    });
  }
  const body = cluster?.body ?? [];
  const base = clusterBase(ctx, body.flatMap((s) => (s.kind === 'Setting' ? [s] : [])));

  const poolDecls = new Map<string, PoolDecl>();
  for (const s of body) {
    if (s.kind !== 'Pool') continue;
    const first = poolDecls.get(s.name.value);
    if (first) error(ctx, DIAG.duplicate, s.name.span, `pool ${s.name.value} is declared twice`, { label: 'second declaration', notes: [`first declared at ${where(first.span)}`] });
    else poolDecls.set(s.name.value, s);
  }
  const firstNode = body.find((s) => s.kind === 'Node');
  const env: Env = { base, pools: poolDecls, ...(firstNode?.kind === 'Node' ? { defaultNode: firstNode.name.value } : {}) };
  for (const p of poolDecls.values()) convertPool(ctx, env, p);

  const converted: Converted[] = [];
  const groups = new Map<string, { pools: string[]; nodes: string[]; hosts: string[]; pods: { namespace?: string; selector: LabelSelector }[]; rules: SecurityGroupRule[]; span: Span }>();
  const sgRefs: Ref[] = [];
  for (const s of body) {
    switch (s.kind) {
      case 'Setting':
      case 'Pool':
        break;
      case 'SecurityGroup': {
        const g = groups.get(s.name.value) ?? { pools: [], nodes: [], hosts: [], pods: [], rules: [], span: s.span };
        groups.set(s.name.value, g);
        const a = s.action;
        if (a.kind === 'AttachPods') {
          if (base.networkMode !== 'vpc-native') {
            error(ctx, DIAG.misplaced, a.span, 'security groups bind to pods only when pods have their own network interfaces', {
              label: `this cluster's network is ${base.networkMode}`,
              notes: ['CCE Turbo (Cloud Native 2.0) and EKS security groups for pods bind groups to pod ENIs: `network vpc-native`'],
            });
          } else {
            const selector = convertSelector(ctx, a.selector);
            if (selector) g.pods.push({ ...(a.namespace ? { namespace: a.namespace.value } : {}), selector });
          }
        } else if (a.kind === 'Attach') {
          for (const n of a.names) {
            (a.target === 'pool' ? g.pools : a.target === 'node' ? g.nodes : g.hosts).push(n.value);
            sgRefs.push({ kind: a.target, name: n.value, span: n.span });
          }
        } else if (a.remove) {
          error(ctx, DIAG.misplaced, a.span, '`remove allow` takes a rule away and is only valid inside a `step`', {
            label: 'nothing to remove yet',
            help: 'leave the rule out of the cluster block instead',
          });
        } else {
          const rule = convertSgRule(ctx, a);
          if (rule) g.rules.push(rule);
          if (a.group) sgRefs.push({ kind: 'security-group', name: a.group.value, span: a.group.span });
        }
        break;
      }
      default:
        converted.push(...convertStmt(ctx, s, env, opts));
    }
  }
  podSubnetRule(ctx, base, converted, cluster?.span);
  // The provider's default worker-node group; scenario lines naming it add to its rules.
  const defaults = providerNodeGroup(base, converted);
  if (defaults && cluster && !groups.has(defaults.name)) converted.push({ object: { kind: 'security-group', spec: defaults }, refs: [], span: cluster.span });
  for (const [name, g] of groups) {
    const preset = defaults?.name === name ? defaults : undefined;
    const spec: SecurityGroupSpec = {
      name,
      pools: g.pools,
      nodes: g.nodes,
      ...(g.hosts.length > 0 ? { hosts: g.hosts } : {}),
      ...(g.pods.length > 0 ? { pods: g.pods } : {}),
      rules: preset ? [...preset.rules, ...g.rules] : g.rules,
      ...(preset?.byDefault ? { byDefault: preset.byDefault } : {}),
      span: g.span,
    };
    converted.push({ object: { kind: 'security-group', spec }, refs: [], span: g.span });
  }

  // Duplicates: the second declaration is reported and dropped.
  const seen = new Map<string, Span>();
  const objects: Converted[] = [];
  for (const c of converted) {
    const key = keyOf(c.object);
    const first = seen.get(key);
    if (first) {
      error(ctx, DIAG.duplicate, c.span, `${key} is declared twice`, { label: 'second declaration', notes: [`first declared at ${where(first)}`], help: 'remove one, or give it another name' });
      continue;
    }
    seen.set(key, c.span);
    objects.push(c);
  }

  const refs = [...objects.flatMap((c) => c.refs), ...sgRefs];
  const all = byKind(objects);
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
    ...(all['admin-network-policy'].length > 0 ? { adminNetworkPolicies: all['admin-network-policy'] } : {}),
    ...(all['baseline-admin-network-policy'][0] ? { baselineAdminNetworkPolicy: all['baseline-admin-network-policy'][0] } : {}),
    ...(all.ingress.length > 0 ? { ingresses: all.ingress.map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })) } : {}),
    ...(all['ingress-class'].length > 0 ? { ingressClasses: all['ingress-class'] } : {}),
    ...(all['ingress-controller'].length > 0 ? { ingressControllers: all['ingress-controller'] } : {}),
    ...(all.link.length > 0 ? { links: all.link } : {}),
    ...(all['lb-acl'].length > 0 ? { lbAcls: all['lb-acl'] } : {}),
    ...(all.gateway.length > 0 ? { gateways: all.gateway } : {}),
    ...(all.route.length > 0 ? { routes: all.route.map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })) } : {}),
    ...(all['http-route'].length > 0 ? { httpRoutes: all['http-route'].map((x, i) => ({ ...x, creationIndex: x.creationIndex ?? i })) } : {}),
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

  // Top-level assertions run against the declared cluster, before any step.
  const topChecks: Check[] = [];
  let firstStep: StepBlock | undefined;
  for (const item of ast.items) {
    if (item.kind === 'Step') firstStep ??= item;
    else if (item.kind !== 'Cluster' && item.kind !== 'Task') {
      if (firstStep) {
        warn(ctx, DIAG.assertionBeforeStep, item.span, message(DIAG.assertionBeforeStep, {}), {
          label: 'top-level assertion after a step',
          notes: [`top-level assertions check the declared cluster; step '${firstStep.title.value}' starts at ${where(firstStep.span)}`],
          help: 'move it into the step whose state it should check',
        });
      }
      const c = convertAssertion(ctx, view, item);
      if (c) topChecks.push(c);
    }
  }
  const steps: Step[] = [{ changes: [], checks: topChecks }];
  // Tasks check the declared cluster: steps without changes, right after the top level.
  const tasks: TaskInfo[] = [];
  for (const item of ast.items) {
    if (item.kind !== 'Task') continue;
    const checks: Check[] = [];
    const hidden: boolean[] = [];
    let description: string | undefined;
    for (const t of item.body) {
      if (t.kind === 'TaskText') description = description === undefined ? t.text.value : `${description}\n${t.text.value}`;
      else {
        const c = convertAssertion(ctx, view, t.assertion);
        if (c) {
          checks.push(c);
          hidden.push(t.hidden);
        }
      }
    }
    if (checks.length === 0) error(ctx, DIAG.missingClause, item.span, `task '${item.title.value}' checks nothing`, { label: 'no assertion', help: 'add assertions (prefix `hidden` to keep one from the learner)' });
    if (item.points.value <= 0 || item.points.value > 1000) error(ctx, DIAG.taskPoints, item.points.span, message(DIAG.taskPoints, { points: item.points.value }));
    tasks.push({ title: item.title.value, points: item.points.value, ...(description !== undefined ? { description } : {}), step: steps.length, hidden, span: item.span });
    steps.push({ title: `task: ${item.title.value}`, span: item.span, changes: [], checks });
  }
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

function keyOf(o: SpecObject): string {
  return objectKey(o.kind, 'namespace' in o.spec ? (o.spec.namespace as string) : undefined, o.spec.name);
}

interface ByKind {
  node: NodeSpec[];
  namespace: NamespaceSpec[];
  pod: PodSpec[];
  service: ServiceSpec[];
  'endpoint-slice': EndpointSliceSpec[];
  'network-policy': NetworkPolicySpec[];
  host: HostSpec[];
  'security-group': SecurityGroupSpec[];
  'admin-network-policy': AdminNetworkPolicySpec[];
  'baseline-admin-network-policy': BaselineAdminNetworkPolicySpec[];
  ingress: IngressSpec[];
  'ingress-class': IngressClassSpec[];
  'ingress-controller': IngressControllerSpec[];
  link: LinkSpec[];
  'lb-acl': LbAclSpec[];
  gateway: GatewaySpec[];
  'http-route': HttpRouteSpec[];
  route: RouteSpec[];
}

function byKind(objects: readonly Converted[]): ByKind {
  const out: ByKind = { node: [], namespace: [], pod: [], service: [], 'endpoint-slice': [], 'network-policy': [], host: [], 'security-group': [], 'admin-network-policy': [], 'baseline-admin-network-policy': [], ingress: [], 'ingress-class': [], 'ingress-controller': [], link: [], 'lb-acl': [], gateway: [], 'http-route': [], route: [] };
  for (const { object: o } of objects) {
    switch (o.kind) {
      case 'node':
        out.node.push(o.spec);
        break;
      case 'namespace':
        out.namespace.push(o.spec);
        break;
      case 'pod':
        out.pod.push(o.spec);
        break;
      case 'service':
        out.service.push(o.spec);
        break;
      case 'endpoint-slice':
        out['endpoint-slice'].push(o.spec);
        break;
      case 'network-policy':
        out['network-policy'].push(o.spec);
        break;
      case 'host':
        out.host.push(o.spec);
        break;
      case 'security-group':
        out['security-group'].push(o.spec);
        break;
      case 'admin-network-policy':
        out['admin-network-policy'].push(o.spec);
        break;
      case 'baseline-admin-network-policy':
        out['baseline-admin-network-policy'].push(o.spec);
        break;
      case 'ingress':
        out.ingress.push(o.spec);
        break;
      case 'ingress-class':
        out['ingress-class'].push(o.spec);
        break;
      case 'ingress-controller':
        out['ingress-controller'].push(o.spec);
        break;
      case 'link':
        out.link.push(o.spec);
        break;
      case 'lb-acl':
        out['lb-acl'].push(o.spec);
        break;
      case 'gateway':
        out.gateway.push(o.spec);
        break;
      case 'http-route':
        out['http-route'].push(o.spec);
        break;
      case 'route':
        out.route.push(o.spec);
        break;
      default:
        assertNever(o);
    }
  }
  return out;
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
    const key = keyOf(c.object);
    const first = upserted.get(key);
    if (first) {
      error(ctx, DIAG.duplicate, c.span, `${key} is declared twice in this step`, { label: 'second declaration', notes: [`first declared at ${where(first)}`] });
      return;
    }
    upserted.set(key, c.span);
    focus.add(key);
    const o = c.object;
    if (o.kind === 'service' || o.kind === 'ingress') {
      const list: readonly { namespace: string; name: string; annotations: Labels }[] = o.kind === 'service' ? spec.services : (spec.ingresses ?? []);
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
        if (SETTING_WORDS.includes(item.key.value)) {
          error(ctx, DIAG.misplaced, item.key.span, `\`${item.key.value}\` is a cluster setting and cannot change in a step`, {
            label: 'not valid in a step',
            help: 'give settings in the cluster block',
            ...(item.key.value === 'network'
              ? { notes: ['the CNI, and with it the network mode, is chosen when a cluster is created and cannot be switched (ACK Edge A-06, CCE C+01)'] }
              : {}),
          });
        } else unknownStatement(ctx, item.key, true);
        break;
      case 'Pool':
        error(ctx, DIAG.misplaced, item.span, 'pools are declared in the cluster block', { label: 'not valid in a step' });
        break;
      case 'SecurityGroup': {
        const a = item.action;
        const group = item.name.value;
        if (a.kind === 'AttachPods') {
          error(ctx, DIAG.misplaced, a.span, 'bind a group to pods in the cluster block', { label: 'not valid in a step' });
          break;
        }
        if (a.kind === 'Attach') {
          for (const n of a.names) refs.push({ kind: a.target, name: n.value, span: n.span });
          push({
            kind: 'sg-attach',
            group,
            pools: a.target === 'pool' ? a.names.map((n) => n.value) : [],
            nodes: a.target === 'node' ? a.names.map((n) => n.value) : [],
            ...(a.target === 'host' ? { hosts: a.names.map((n) => n.value) } : {}),
            span: a.span,
          });
          break;
        }
        if (a.group) refs.push({ kind: 'security-group', name: a.group.value, span: a.group.span });
        const rule = convertSgRule(ctx, a);
        if (!rule) break;
        if (!a.remove) {
          push({ kind: 'sg-rule', group, rule, remove: false, span: a.span });
          break;
        }
        const g = spec.securityGroups.find((x) => x.name === group);
        if (!g) {
          requireObject(ctx, current(), 'security-group', undefined, group, item.name.span);
          break;
        }
        const matches = g.rules.filter(
          (r) => r.direction === rule.direction && r.protocol === rule.protocol && r.ports[0] === rule.ports[0] && r.ports[1] === rule.ports[1] && (a.cidr === undefined || r.cidr === rule.cidr),
        );
        if (matches.length === 0) {
          error(ctx, DIAG.unknownName, a.span, `security group ${group} has no such rule to remove`, {
            label: 'no matching rule',
            notes: g.rules.length > 0 ? g.rules.map((r) => `it has: ${ruleText(r)}`) : ['it has no rule'],
          });
          break;
        }
        for (const m of matches) push({ kind: 'sg-rule', group, rule: m, remove: true, span: a.span });
        break;
      }
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
  const checks = assertions.flatMap((a) => {
    const c = convertAssertion(ctx, view, a);
    return c ? [c] : [];
  });
  return { view, step: { title, span: step.span, changes, checks } };
}

function ruleText(r: SecurityGroupRule): string {
  const ports = r.ports[0] === 1 && r.ports[1] === 65535 ? '' : r.ports[0] === r.ports[1] ? ` ${r.ports[0]}` : ` ${r.ports[0]}-${r.ports[1]}`;
  return `allow ${r.protocol === 'all' ? 'all' : r.protocol.toLowerCase()}${ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.group !== undefined ? `group ${r.group}` : r.cidr}`;
}

function mutationChange(ctx: Ctx, view: View, m: Mutation): Change | undefined {
  switch (m.kind) {
    case 'Remove': {
      const kind: ObjectKind = m.objectKind;
      const target = nameOf(ctx, kind, m.name);
      if (!target || !requireObject(ctx, view, kind, target.namespace, target.name, m.name.span)) return undefined;
      return { kind: 'remove', objectKind: kind, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), name: target.name, span: m.span };
    }
    case 'Relabel': {
      const target = nameOf(ctx, m.objectKind, m.name);
      const set = checkLabels(ctx, m.set);
      let ok = true;
      for (const u of m.unset) {
        const problem = labelKeyProblem(u.value);
        if (problem) {
          error(ctx, DIAG.invalidLabel, u.span, message(DIAG.invalidLabel, { key: u.value }), { label: problem });
          ok = false;
        }
      }
      if (m.set.length === 0 && m.unset.length === 0) {
        error(ctx, DIAG.missingClause, m.span, '`label` changes nothing', { label: 'no labels given', help: `write e.g. \`label ${m.objectKind} ${m.name.name} app=web unset tier\`` });
        ok = false;
      }
      if (!target || !requireObject(ctx, view, m.objectKind, target.namespace, target.name, m.name.span) || !ok) return undefined;
      return { kind: 'relabel', objectKind: m.objectKind, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), name: target.name, set, unset: m.unset.map((u) => u.value), span: m.span };
    }
    case 'PodLifecycle': {
      const target = nameOf(ctx, 'pod', m.name);
      if (!target || !requireObject(ctx, view, 'pod', target.namespace, target.name, m.name.span)) return undefined;
      return { kind: 'pod-lifecycle', action: m.action, namespace: target.namespace ?? 'default', name: target.name, span: m.span };
    }
    default:
      return assertNever(m);
  }
}

/** The namespace (namespaced kinds only; default `default`) and name a mutation names. */
function nameOf(ctx: Ctx, kind: ObjectKind, q: { namespace?: string; name: string; span: Span }): { namespace?: string; name: string } | undefined {
  if (isNamespaced(kind)) return qualify(ctx, { kind: 'QName', ...q }, undefined, kind);
  if (q.namespace !== undefined) {
    error(ctx, DIAG.conflictingNamespace, q.span, `a ${kind} has no namespace`, { label: `\`${q.namespace}/\` is not valid here`, help: `write \`${q.name}\`` });
    return undefined;
  }
  return { name: q.name };
}

export type { ClusterBase };

/**
 * Pods loaded from manifests without spec.nodeName go to the declared nodes round-robin, in
 * declaration order (deterministic); with no node declared that is an error at each such pod.
 */
function placeUnscheduled(ctx: Ctx, pods: readonly PodSpec[], nodes: readonly NodeSpec[]): PodSpec[] {
  if (nodes.length === 0) {
    for (const p of pods)
      if (p.node === '' && p.span)
        error(ctx, DIAG.noNodes, p.span, message(DIAG.noNodes, { pod: `${p.namespace}/${p.name}` }), {
          label: 'no spec.nodeName, and the cluster declares no node',
          help: 'declare at least one node in the cluster block, e.g. `node n1 ip 10.0.0.1`',
        });
    return [...pods];
  }
  return placePods(pods, nodes.map((n) => n.name));
}


/** The security group the cluster's provider creates for its worker nodes, for this cluster. */
function providerNodeGroup(base: ClusterBase, converted: readonly Converted[]): SecurityGroupSpec | undefined {
  const g = profileById(base.provider).nodeSecurityGroup;
  if (!g) return undefined;
  const first = converted.find((c) => c.object.kind === 'node');
  const firstNodeIp = first?.object.kind === 'node' ? first.object.spec.addresses[0]?.ip : undefined;
  return nodeSecurityGroup(g, {
    networkMode: base.networkMode,
    podCidrs: base.podCidrs.map((c) => c.text),
    nodePortRange: base.nodePortRange,
    vpcCidr: base.settings.vpcCidr,
    ...(firstNodeIp !== undefined ? { firstNodeIp } : {}),
  });
}

/** A provider whose pods take a separate subnet (TKE VPC-CNI) needs it declared and apart from the nodes. */
function podSubnetRule(ctx: Ctx, base: ClusterBase, converted: readonly Converted[], clusterSpan: Span | undefined): void {
  const rule = profileById(base.provider).separatePodSubnet;
  if (!rule || !rule.modes.includes(base.networkMode)) return;
  if (!base.podCidrSpan) {
    if (clusterSpan)
      error(ctx, DIAG.settingValue, clusterSpan, `pods of this ${base.networkMode} cluster need the subnet they take addresses from`, {
        label: 'no `pod-cidr`',
        notes: [rule.doc],
        help: 'declare it, apart from the nodes\' subnet: e.g. `pod-cidr 10.0.64.0/18`',
      });
    return;
  }
  for (const c of converted) {
    if (c.object.kind !== 'node') continue;
    for (const a of c.object.spec.addresses) {
      const ip = validateIp(a.ip);
      const inside = typeof ip === 'string' ? undefined : base.podCidrs.find((p) => ipInCidr(ip, p));
      if (inside)
        error(ctx, DIAG.settingValue, base.podCidrSpan, `the pod subnet ${inside.text} holds node ${c.object.spec.name}'s address ${a.ip}`, {
          label: 'not a separate subnet',
          notes: [rule.doc],
          help: 'choose a free subnet of the VPC that no node uses',
        });
    }
  }
}

/** The file's name without its extension (`/` and `\` both separate folders). */
function fileTitle(file: string): string {
  const p = file.split('\\').join('/');
  return basename(p, extname(p));
}
