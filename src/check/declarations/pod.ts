/**
 * `pod NAME [in NS] CLAUSE…` → a PodSpec: one handler per word of CLAUSE_WORDS_OF.pod and one
 * per flag of POD_FLAGS, then the host ports against the pod's ports and host networking, the
 * node (declared, else the cluster's first) and a pinned address (resolved against the node's
 * pod CIDR later, as a `pod-ip` reference).
 */
import type { ContainerPort, Labels, PodSpec, Span } from '../../spec/types.js';
import type { PodClause, PodDecl, PortRef } from '../../syntax/ast.js';
import { ipInCidr, type ParsedIp } from '../../address/validate.js';
import { didYouMean } from '../../diag/suggest.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, warn, type Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { checkIp, checkPort } from '../values.js';
import { DNS_POLICIES, POD_FLAGS } from '../words.js';
import { applyClauses, oneWordClause, wordOfKinds, type ClauseByWord, type ClauseKinds, type ClauseTable, type Declaration, type FlagTable } from './clauses.js';
import type { Converted, Env } from './converted.js';
import { checkLabels } from './labels.js';
import { checkName, qualify } from './names.js';
import { convertPodPorts, protocolOf } from './ports.js';

/** A pod as its clauses leave it. */
export interface PodDraft {
  node?: { name: string; span: Span };
  labels: Labels;
  ports: ContainerPort[];
  ip?: { text: string; span: Span; parsed: ParsedIp };
  ip6?: string;
  hostNetwork: boolean;
  hostname?: string;
  subdomain?: string;
  ready: boolean;
  terminating: boolean;
  dnsPolicy: PodSpec['dnsPolicy'];
  owner?: PodSpec['owner'];
  /** `host-port` clauses, applied to the ports once all are known. */
  readonly hostPorts: { hostPort: number; target: PortRef; span: Span }[];
}

const emptyPod = (): PodDraft => ({ labels: {}, ports: [], hostNetwork: false, ready: true, terminating: false, dnsPolicy: 'ClusterFirst', hostPorts: [] });

type Clause<K extends PodClause['kind']> = Extract<PodClause, { kind: K }>;

/** The AST clause each pod clause word parses to. */
const KINDS = {
  in: 'In',
  on: 'On',
  labels: 'Labels',
  ports: 'Ports',
  ip: 'Ip',
  'host-port': 'HostPort',
  hostname: 'Hostname',
  subdomain: 'Subdomain',
  'dns-policy': 'DnsPolicy',
  owner: 'Owner',
} as const satisfies ClauseKinds<'pod', PodClause>;

/** `ip ADDR [ADDR6]`: the IPv4 address, then on a dual-stack cluster an IPv6 one inside the IPv6 pod CIDR. */
export function podIpClause(ctx: Ctx, c: Clause<'Ip'>, p: PodDraft, env: Env): void {
  const parsed = checkIp(ctx, c.addr, 'pod IP');
  if (parsed) p.ip = { text: parsed.text, span: c.addr.span, parsed };
  if (!c.addr6) return;
  const v6 = checkIp(ctx, c.addr6, 'pod IPv6 address');
  if (!v6) return;
  if (parsed?.family !== 'IPv4' || v6.family !== 'IPv6') {
    error(ctx, DIAG.invalidAddress, c.span, 'a pod pins its IPv4 address, then its IPv6 one', { label: 'two addresses', expected: '`ip 10.244.0.5 fd00:10:244::5`' });
    return;
  }
  const cidr6 = env.base.podCidrs.find((pc) => pc.family === 'IPv6');
  if (!cidr6) {
    error(ctx, DIAG.notSupported, c.addr6.span, 'an IPv6 pod address on a single-stack IPv4 cluster', { label: 'an IPv6 address', help: 'give `pod-cidr` an IPv6 block too for a dual-stack cluster' });
    return;
  }
  if (!ipInCidr(v6, cidr6)) {
    error(ctx, DIAG.invalidAddress, c.addr6.span, `${v6.text} is outside the IPv6 pod CIDR ${cidr6.text}`, { label: 'not a pod address' });
    return;
  }
  p.ip6 = v6.text;
}

const CLAUSES: ClauseTable<'pod', ClauseByWord<PodClause, typeof KINDS>, PodDraft, Env> = {
  in: { once: true, apply: () => undefined },
  on: { once: true, apply: (_ctx, c, p) => void (p.node = { name: c.node.value, span: c.node.span }) },
  labels: { once: true, apply: (ctx, c, p) => void (p.labels = checkLabels(ctx, c.labels)) },
  ports: { once: true, apply: (ctx, c, p) => void (p.ports = convertPodPorts(ctx, c.ports, 'pod')) },
  ip: { once: true, apply: podIpClause },
  'host-port': {
    once: false,
    apply: (ctx, c, p) => {
      if (checkPort(ctx, c.hostPort, 'host port')) p.hostPorts.push({ hostPort: c.hostPort.value, target: c.target, span: c.span });
    },
  },
  hostname: {
    once: true,
    apply: (ctx, c, p) => {
      checkName(ctx, c.value.value, c.value.span, 'host', 'label');
      p.hostname = c.value.value;
    },
  },
  subdomain: {
    once: true,
    apply: (ctx, c, p) => {
      checkName(ctx, c.value.value, c.value.span, 'subdomain', 'label');
      p.subdomain = c.value.value;
    },
  },
  'dns-policy': oneWordClause(DNS_POLICIES, 'DNS policy', (p: PodDraft, policy) => {
    if (policy) p.dnsPolicy = policy;
  }),
  owner: { once: true, apply: (_ctx, c, p) => void (p.owner = { kind: c.ownerKind.value, name: c.name.value }) },
};

const FLAGS: FlagTable<(typeof POD_FLAGS)[number], PodDraft> = {
  'host-network': (p) => void (p.hostNetwork = true),
  'not-ready': (p) => void (p.ready = false),
  terminating: (p) => void (p.terminating = true),
};

/** The pod declaration's clause and flag tables. */
export const POD: Declaration<'pod', PodClause, PodDraft, Env> = { decl: 'pod', wordOf: wordOfKinds<'pod', PodClause>(KINDS), clauses: CLAUSES, flagWords: POD_FLAGS, flags: FLAGS };

/**
 * Each `host-port H -> P`: sets the host port of the pod's port P (by name, or by number and
 * protocol, added when not listed); ignored with a warning on a host-network pod.
 */
export function applyHostPorts(ctx: Ctx, p: PodDraft): void {
  for (const hp of p.hostPorts) {
    if (p.hostNetwork) {
      warn(ctx, DIAG.clauseIgnored, hp.span, '`host-port` has no effect on a host-network pod', { label: 'ignored', notes: ['a host-network pod listens on the node addresses directly'] });
      continue;
    }
    const protocol = protocolOf(ctx, hp.target.protocol);
    if (!protocol) continue;
    const t = hp.target.port;
    if (t.kind === 'Word') {
      const i = p.ports.findIndex((x) => x.name === t.value);
      if (!p.ports[i]) {
        error(ctx, DIAG.unknownName, t.span, `this pod has no port named \`${t.value}\``, {
          label: 'unknown port name',
          help: didYouMean(t.value, p.ports.flatMap((x) => (x.name ? [x.name] : []))) ?? 'name it in `ports`, e.g. `ports http:8080`',
        });
        continue;
      }
      p.ports = p.ports.map((x, j) => (j === i ? { ...x, hostPort: hp.hostPort } : x));
    } else {
      if (!checkPort(ctx, t)) continue;
      const i = p.ports.findIndex((x) => x.containerPort === t.value && x.protocol === protocol);
      p.ports = i >= 0 ? p.ports.map((x, j) => (j === i ? { ...x, hostPort: hp.hostPort } : x)) : [...p.ports, { containerPort: t.value, protocol, hostPort: hp.hostPort }];
    }
  }
}

export function convertPod(ctx: Ctx, env: Env, d: PodDecl): Converted | undefined {
  const inClause = d.clauses.find((c): c is Clause<'In'> => c.kind === 'In');
  const { namespace, name, nsSpan } = qualify(ctx, d.name, inClause?.namespace, 'pod');
  checkName(ctx, name, d.name.span, 'pod', 'subdomain');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  const p = emptyPod();
  applyClauses(ctx, POD, d.clauses, p, env);
  applyHostPorts(ctx, p);

  const nodeName = p.node?.name ?? env.defaultNode;
  if (nodeName === undefined) {
    error(ctx, DIAG.noNodes, d.name.span, message(DIAG.noNodes, { pod: `${namespace}/${name}` }), {
      label: 'no node declared',
      help: 'declare at least one node in the cluster block, e.g. `node n1 ip 192.168.0.11`',
    });
    return undefined;
  }
  if (p.node) refs.push({ kind: 'node', name: p.node.name, span: p.node.span });
  if (p.ip) {
    if (p.hostNetwork) warn(ctx, DIAG.clauseIgnored, p.ip.span, 'a pinned IP has no effect on a host-network pod', { label: 'ignored', notes: ['a host-network pod uses its node addresses'] });
    else refs.push({ kind: 'pod-ip', ip: p.ip.parsed, node: nodeName, span: p.ip.span });
  }
  const spec: PodSpec = {
    name,
    namespace,
    node: nodeName,
    labels: p.labels,
    ports: p.ports,
    ...(p.ip && !p.hostNetwork ? { ip: p.ip.text } : {}),
    ...(p.ip6 !== undefined && !p.hostNetwork ? { ip6: p.ip6 } : {}),
    hostNetwork: p.hostNetwork,
    ...(p.hostname !== undefined ? { hostname: p.hostname } : {}),
    ...(p.subdomain !== undefined ? { subdomain: p.subdomain } : {}),
    ready: p.ready,
    terminating: p.terminating,
    dnsPolicy: p.dnsPolicy,
    ...(p.owner ? { owner: p.owner } : {}),
    generation: 1,
    span: d.span,
  };
  return { object: { kind: 'pod', spec }, refs, span: d.span };
}
