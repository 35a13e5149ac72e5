/**
 * `security-group NAME …` lines. In the cluster block, the lines of one group gather (in source
 * order, among the other statements) into one SecurityGroupSpec (attachments to pools, nodes,
 * hosts and pods; rules), and the provider's default worker-node group is added (its rules first
 * when the scenario names it too). In a step, each line is a change: an attachment, a rule
 * added, or the matching rules removed.
 */
import { profileById } from '../cloud/profiles.js';
import { nodeSecurityGroup } from '../cloud/node-security-group.js';
import type { Change } from '../spec/objects.js';
import type { ClusterSpec, LabelSelector, SecurityGroupRule, SecurityGroupSpec, Span } from '../spec/types.js';
import type { SecurityGroupDecl } from '../syntax/ast.js';
import { DIAG } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import { convertSgRule } from './declarations/security-group-rule.js';
import { convertSelector } from './policy.js';
import type { Ref } from './refs.js';
import { requireObject, type View } from './resolve.js';
import type { ClusterBase } from './settings.js';

/** One group's lines of the cluster block, gathered. */
interface GroupParts {
  pools: string[];
  nodes: string[];
  hosts: string[];
  pods: { namespace?: string; selector: LabelSelector }[];
  rules: SecurityGroupRule[];
  span: Span;
}

/** The cluster block's groups so far, by name, in the order first named. */
export type GroupsSoFar = Map<string, GroupParts>;

/** The cluster block's security groups, with the provider's default group. */
export function securityGroupObjects(base: ClusterBase, parts: GroupsSoFar, converted: readonly Converted[], clusterSpan: Span | undefined): Converted[] {
  const groups: Converted[] = [];
  // The provider's default worker-node group; scenario lines naming it add to its rules.
  const defaults = providerNodeGroup(base, converted);
  if (defaults && clusterSpan && !parts.has(defaults.name)) groups.push({ object: { kind: 'security-group', spec: defaults }, refs: [], span: clusterSpan });
  for (const [name, g] of parts) {
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
    groups.push({ object: { kind: 'security-group', spec }, refs: [], span: g.span });
  }
  return groups;
}

/** One cluster-block line into its group's parts, and the references it makes into `refs`. */
export function gatherSecurityGroupLine(ctx: Ctx, base: ClusterBase, s: SecurityGroupDecl, parts: GroupsSoFar, refs: Ref[]): void {
  const g = parts.get(s.name.value) ?? { pools: [], nodes: [], hosts: [], pods: [], rules: [], span: s.span };
  parts.set(s.name.value, g);
  const a = s.action;
  if (a.kind === 'AttachPods') {
    if (base.networkMode !== 'vpc-native') {
      error(ctx, DIAG.misplaced, a.span, 'security groups bind to pods only when pods have their own network interfaces', {
        label: `this cluster's network is ${base.networkMode}`,
        notes: ['CCE Turbo (Cloud Native 2.0) and EKS security groups for pods bind groups to pod ENIs: `network vpc-native`'],
      });
      return;
    }
    const selector = convertSelector(ctx, a.selector);
    if (selector) g.pods.push({ ...(a.namespace ? { namespace: a.namespace.value } : {}), selector });
  } else if (a.kind === 'Attach') {
    for (const n of a.names) {
      (a.target === 'pool' ? g.pools : a.target === 'node' ? g.nodes : g.hosts).push(n.value);
      refs.push({ kind: a.target, name: n.value, span: n.span });
    }
  } else if (a.remove) {
    error(ctx, DIAG.misplaced, a.span, '`remove allow` takes a rule away and is only valid inside a `step`', {
      label: 'nothing to remove yet',
      help: 'leave the rule out of the cluster block instead',
    });
  } else {
    const rule = convertSgRule(ctx, a);
    if (rule) g.rules.push(rule);
    if (a.group) refs.push({ kind: 'security-group', name: a.group.value, span: a.group.span });
  }
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

/** What a step's security-group line needs of the step: the cluster so far, and where its changes and references go. */
export interface StepSink {
  readonly spec: ClusterSpec;
  readonly view: () => View;
  readonly push: (c: Change) => void;
  readonly refs: Ref[];
}

/** A step's `security-group NAME …` line → its changes. */
export function stepSecurityGroup(ctx: Ctx, item: SecurityGroupDecl, step: StepSink): void {
  const a = item.action;
  const group = item.name.value;
  if (a.kind === 'AttachPods') {
    error(ctx, DIAG.misplaced, a.span, 'bind a group to pods in the cluster block', { label: 'not valid in a step' });
    return;
  }
  if (a.kind === 'Attach') {
    for (const n of a.names) step.refs.push({ kind: a.target, name: n.value, span: n.span });
    step.push({
      kind: 'sg-attach',
      group,
      pools: a.target === 'pool' ? a.names.map((n) => n.value) : [],
      nodes: a.target === 'node' ? a.names.map((n) => n.value) : [],
      ...(a.target === 'host' ? { hosts: a.names.map((n) => n.value) } : {}),
      span: a.span,
    });
    return;
  }
  if (a.group) step.refs.push({ kind: 'security-group', name: a.group.value, span: a.group.span });
  const rule = convertSgRule(ctx, a);
  if (!rule) return;
  if (!a.remove) return step.push({ kind: 'sg-rule', group, rule, remove: false, span: a.span });
  const g = step.spec.securityGroups.find((x) => x.name === group);
  if (!g) {
    requireObject(ctx, step.view(), 'security-group', undefined, group, item.name.span);
    return;
  }
  const matches = g.rules.filter(
    (r) => r.direction === rule.direction && r.protocol === rule.protocol && r.ports[0] === rule.ports[0] && r.ports[1] === rule.ports[1] && (a.cidr === undefined || r.cidr === rule.cidr),
  );
  if (matches.length === 0) {
    error(ctx, DIAG.unknownName, a.span, `security group ${group} has no such rule to remove`, {
      label: 'no matching rule',
      notes: g.rules.length > 0 ? g.rules.map((r) => `it has: ${ruleText(r)}`) : ['it has no rule'],
    });
    return;
  }
  for (const m of matches) step.push({ kind: 'sg-rule', group, rule: m, remove: true, span: a.span });
}

function ruleText(r: SecurityGroupRule): string {
  const ports = r.ports[0] === 1 && r.ports[1] === 65535 ? '' : r.ports[0] === r.ports[1] ? ` ${r.ports[0]}` : ` ${r.ports[0]}-${r.ports[1]}`;
  return `allow ${r.protocol === 'all' ? 'all' : r.protocol.toLowerCase()}${ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.group !== undefined ? `group ${r.group}` : r.cidr}`;
}
