/**
 * Cluster settings (`provider cce`, `pod-cidr ...`, `set masquerade-all true`): the setting
 * words, the `set NAME` table with its parsers, the value checks they share, and ClusterBase,
 * the cluster-wide part of a ClusterSpec that cluster-settings.ts builds from the statements.
 */
import type { CiliumCidrMatch, NetworkMode, ProxyMode, Settings, Span } from '../spec/types.js';
import type { Addr, PortRange, SettingStmt, Word } from '../syntax/ast.js';
import { didYouMean } from '../diag/suggest.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import { isPrivateAddress } from '../address/ip.js';
import { MAX_PATHS } from '../net/path-limit.js';
import { DEFAULT_FEATURE_GATES, FEATURE_GATES, isFeatureGate, type FeatureGate } from '../spec/feature-gates.js';
import { checkCidr, checkIp } from './values.js';
import { validateCidr, type ParsedCidr } from '../address/validate.js';
import { MUTATION_WORDS, STATEMENT_WORDS, oneOf } from './words.js';

export interface ClusterBase {
  readonly provider: string;
  readonly networkMode: NetworkMode;
  /** A CNI preset (`cni NAME`), when given. */
  readonly cni?: string;
  readonly proxyMode: ProxyMode;
  readonly podCidrs: readonly ParsedCidr[];
  /** Where the scenario declares `pod-cidr`, when it does. */
  readonly podCidrSpan?: Span;
  readonly serviceCidr: ParsedCidr;
  /** The IPv6 service CIDR of a dual-stack cluster. */
  readonly secondaryServiceCidr?: ParsedCidr;
  readonly nodePortRange: readonly [number, number];
  readonly clusterDomain: string;
  readonly nodeCidrMaskSize: number;
  readonly settings: Settings;
  readonly dnsService: { readonly namespace: string; readonly name: string };
}

/** The setting statements of a cluster block (each has its handler in cluster-settings.ts). */
export const SETTING_WORDS = [
  'provider', 'network', 'cni', 'kube-proxy', 'pod-cidr', 'service-cidr', 'node-port-range', 'cluster-domain',
  'node-cidr-mask', 'dns-service', 'set',
] as const;

export type SettingWord = (typeof SETTING_WORDS)[number];

export function isSettingWord(w: string): w is SettingWord {
  return (SETTING_WORDS as readonly string[]).includes(w);
}

export type SetParser = (ctx: Ctx, stmt: SettingStmt, values: readonly Value[]) => Partial<Settings> | undefined;
export type Value = SettingStmt['values'][number];

const BOOLS = ['true', 'false'] as const;

/** The words each `set NAME` takes (`nodeport-addresses` also takes CIDRs, `nat-gateway` an address). */
export const SET_CHOICES = {
  'localhost-nodeports': BOOLS,
  'nodeport-addresses': ['all', 'primary'],
  'masquerade-all': BOOLS,
  'detect-local-by-pod-cidr': BOOLS,
  'hostnetwork-policy': ['node', 'pod'],
  'self-traffic-allowed': BOOLS,
  'pod-to-own-node-allowed': BOOLS,
  'network-policy-enforcement': ['full', 'ingress-only', 'none'],
  'calico-policy': ['enforced', 'off'],
  'egress-masquerade': BOOLS,
  'lb-bypass-security-groups': BOOLS,
  'lb-all-unhealthy': ['fail-open', 'drop'],
  'lb-health-check-source': ['profile', 'vip'],
  'cilium-policy-cidr-match-mode': ['none', 'nodes', 'pods'],
  'cilium-node-selector-labels': BOOLS,
  'nat-gateway': ['none'],
  'cloud-l7-snat': ['on', 'off', 'profile'],
  'internet-exit': ['none', 'direct'],
  'vpc-cidr': [],
  'internet-client': [],
  'summarise-above': [],
  'feature-gate': Object.keys(FEATURE_GATES) as readonly FeatureGate[],
  'mesh-outbound-traffic-policy': ['allow-any', 'registry-only'],
} as const;

export type SetName = keyof typeof SET_CHOICES;

/** A setting that takes one word of SET_CHOICES[name] into `field`. */
function choiceSetting(name: keyof typeof SET_CHOICES, field: keyof Settings): SetParser {
  const choices = SET_CHOICES[name] as readonly string[];
  const quoted = choices.map((c) => `\`${c}\``);
  const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
  return (ctx, stmt, values) => {
    const w = single(ctx, stmt, values, 'Word', expected);
    const v = w && oneOf(ctx, w, choices, `${name} value`);
    return v ? ({ [field]: v } as Partial<Settings>) : undefined;
  };
}

function boolSetting(field: keyof Settings): SetParser {
  return (ctx, stmt, values) => {
    const w = single(ctx, stmt, values, 'Word', '`true` or `false`');
    if (!w) return undefined;
    const b = oneOf(ctx, w, BOOLS, 'boolean');
    return b === undefined ? undefined : ({ [field]: b === 'true' } as Partial<Settings>);
  };
}

/** `set NAME VALUE`: one entry per field of Settings, named in kebab case. */
export const SET_NAMES: Readonly<Record<SetName, SetParser>> = {
  'localhost-nodeports': boolSetting('localhostNodePorts'),
  'nodeport-addresses': (ctx, stmt, values) => {
    const first = values[0];
    if (first?.kind === 'Word' && values.length === 1) {
      const v = oneOf(ctx, first, SET_CHOICES['nodeport-addresses'], 'nodeport-addresses value');
      return v === undefined ? undefined : { nodePortAddresses: v };
    }
    const cidrs: string[] = [];
    for (const v of values) {
      if (v.kind !== 'Addr') {
        wrongValue(ctx, v, '`all`, `primary` or a list of CIDRs');
        return undefined;
      }
      const c = checkCidr(ctx, v);
      if (!c) return undefined;
      cidrs.push(c.text);
    }
    if (cidrs.length === 0) return missingValue(ctx, stmt, '`all`, `primary` or a list of CIDRs');
    return { nodePortAddresses: cidrs };
  },
  'masquerade-all': boolSetting('masqueradeAll'),
  'detect-local-by-pod-cidr': boolSetting('detectLocalByPodCidr'),
  'hostnetwork-policy': choiceSetting('hostnetwork-policy', 'hostNetworkPolicy'),
  'self-traffic-allowed': boolSetting('selfTrafficAllowed'),
  'pod-to-own-node-allowed': boolSetting('podToOwnNodeAllowed'),
  'network-policy-enforcement': choiceSetting('network-policy-enforcement', 'networkPolicyEnforcement'),
  'calico-policy': choiceSetting('calico-policy', 'calicoPolicy'),
  'egress-masquerade': boolSetting('egressMasquerade'),
  'lb-bypass-security-groups': boolSetting('lbBypassSecurityGroups'),
  'lb-all-unhealthy': choiceSetting('lb-all-unhealthy', 'lbAllUnhealthy'),
  'lb-health-check-source': choiceSetting('lb-health-check-source', 'lbHealthCheckSource'),
  'cilium-policy-cidr-match-mode': (ctx, stmt, values) => {
    const expected = '`none`, or `nodes`, `pods` or both (`nodes pods`)';
    if (values.length === 0) return missingValue(ctx, stmt, expected);
    const modes: CiliumCidrMatch[] = [];
    for (const v of values) {
      if (v.kind !== 'Word') return wrongValue(ctx, v, expected);
      const w = oneOf(ctx, v, SET_CHOICES['cilium-policy-cidr-match-mode'], 'cilium-policy-cidr-match-mode value');
      if (w === undefined) return undefined;
      if (w === 'none' ? values.length > 1 : modes.includes(w)) {
        error(ctx, DIAG.settingValue, v.span, w === 'none' ? '`none` stands alone' : `\`${w}\` is given twice`, { label: 'not valid with the other values', expected });
        return undefined;
      }
      if (w !== 'none') modes.push(w);
    }
    return { ciliumCidrMatchMode: modes };
  },
  'cilium-node-selector-labels': boolSetting('ciliumNodeSelectorLabels'),
  'nat-gateway': (ctx, stmt, values) => {
    const v = values[0];
    if (v?.kind === 'Word' && values.length === 1 && v.value === 'none') return { natGateway: null };
    if (v?.kind !== 'Addr' || values.length !== 1) return v ? wrongValue(ctx, v, 'a public IPv4 address, or `none`') : missingValue(ctx, stmt, 'a public IPv4 address, or `none`');
    const ip = checkIp(ctx, v, 'NAT gateway address');
    if (!ip) return undefined;
    if (ip.family !== 'IPv4') return wrongValue(ctx, v, 'an IPv4 address (IPv6 is not simulated)');
    return { natGateway: ip.text };
  },
  'cloud-l7-snat': choiceSetting('cloud-l7-snat', 'cloudL7Snat'),
  'internet-exit': choiceSetting('internet-exit', 'internetExit'),
  'vpc-cidr': (ctx, stmt, values) => {
    const v = single(ctx, stmt, values, 'Addr', 'the VPC\'s CIDR, e.g. 192.168.0.0/16');
    const c = v && checkCidr(ctx, v);
    return c ? { vpcCidr: c.text } : undefined;
  },
  'feature-gate': (ctx, stmt, values) => {
    const [gate, value, extra] = values;
    const expected = `a feature gate (${Object.keys(FEATURE_GATES).join(', ')}), then \`true\` or \`false\``;
    if (gate?.kind !== 'Word') return gate ? wrongValue(ctx, gate, expected) : missingValue(ctx, stmt, expected);
    if (!isFeatureGate(gate.value)) {
      error(ctx, DIAG.settingValue, gate.span, `unknown feature gate \`${gate.value}\``, {
        label: 'not a gate the model follows',
        expected: Object.keys(FEATURE_GATES).join(', '),
        help: didYouMean(gate.value, Object.keys(FEATURE_GATES)),
      });
      return undefined;
    }
    if (value?.kind !== 'Word') return value ? wrongValue(ctx, value, '`true` or `false`') : missingValue(ctx, stmt, '`true` or `false` after the gate');
    if (extra) return wrongValue(ctx, extra, 'one gate and one value per line');
    const b = oneOf(ctx, value, BOOLS, 'boolean');
    return b === undefined ? undefined : { featureGates: { ...DEFAULT_FEATURE_GATES, [gate.value]: b === 'true' } };
  },
  'summarise-above': (ctx, stmt, values) => {
    const expected = 'a number of paths, e.g. 1000 (0: summarise every fan-out)';
    const v = single(ctx, stmt, values, 'Num', expected);
    if (!v) return undefined;
    if (!Number.isInteger(v.value) || v.value < 0 || v.value > MAX_PATHS) {
      error(ctx, DIAG.settingValue, v.span, `\`summarise-above ${v.text}\` is out of range`, { label: 'not a whole number from 0 to the path bound', expected: `a whole number from 0 to ${MAX_PATHS}` });
      return undefined;
    }
    return { summariseAbove: v.value };
  },
  'internet-client': (ctx, stmt, values) => {
    const expected = 'a public IPv4 address, an IPv6 address, or one of each';
    if (values.length === 0) return missingValue(ctx, stmt, expected);
    const out: { internetClient?: string; internetClient6?: string } = {};
    for (const v of values) {
      if (v.kind !== 'Addr') return wrongValue(ctx, v, expected);
      const ip = checkIp(ctx, v, 'internet client address');
      if (!ip) return undefined;
      const field = ip.family === 'IPv4' ? 'internetClient' : 'internetClient6';
      if (out[field] !== undefined) return wrongValue(ctx, v, `one ${ip.family} address only`);
      if (isPrivateAddress(ip.text)) return wrongValue(ctx, v, 'a public address: the internet has no route from private ones');
      out[field] = ip.text;
    }
    return out;
  },
  'mesh-outbound-traffic-policy': (ctx, stmt, values) => {
    const w = single(ctx, stmt, values, 'Word', '`allow-any` or `registry-only`');
    const v = w && oneOf(ctx, w, SET_CHOICES['mesh-outbound-traffic-policy'], 'mesh-outbound-traffic-policy value');
    return v ? { meshOutboundTrafficPolicy: v === 'allow-any' ? 'ALLOW_ANY' : 'REGISTRY_ONLY' } : undefined;
  },
};

const KIND_WORDS: Readonly<Record<Value['kind'], string>> = {
  Word: 'a word',
  Addr: 'an address',
  Num: 'a number',
  PortRange: 'a port range',
  Str: 'a quoted string',
};

export function wrongValue(ctx: Ctx, v: Value, expected: string): undefined {
  error(ctx, DIAG.settingValue, v.span, `this setting does not take ${KIND_WORDS[v.kind]}`, { label: 'not valid for this setting', expected });
  return undefined;
}

export function missingValue(ctx: Ctx, stmt: SettingStmt, expected: string): undefined {
  error(ctx, DIAG.settingValue, stmt.key.span, `\`${stmt.key.value}\` needs a value`, { label: 'value missing', expected });
  return undefined;
}

export function single<K extends Value['kind']>(ctx: Ctx, stmt: SettingStmt, values: readonly Value[], kind: K, expected: string): Extract<Value, { kind: K }> | undefined {
  const v = values[0];
  if (!v) return missingValue(ctx, stmt, expected);
  if (v.kind !== kind) return wrongValue(ctx, v, expected);
  const extra = values[1];
  if (extra) {
    error(ctx, DIAG.settingValue, extra.span, `\`${stmt.key.value}\` takes one value`, { label: 'extra value' });
    return undefined;
  }
  return v as Extract<Value, { kind: K }>;
}

/**
 * The CIDRs of `pod-cidr` or `service-cidr`: at most one per IP family, IPv4 first (an
 * IPv6-first list is reported by `ipv6First`, given how many CIDRs were read, and gives undefined).
 */
export function cidrsPerFamily(ctx: Ctx, stmt: SettingStmt, what: string, example: string, ipv6First: (count: number) => void): ParsedCidr[] | undefined {
  const cidrs: ParsedCidr[] = [];
  const written = new Map<string, Addr>();
  for (const v of stmt.values) {
    if (v.kind !== 'Addr') {
      wrongValue(ctx, v, example);
      continue;
    }
    const c = checkCidr(ctx, v, what);
    if (!c) continue;
    const other = written.get(c.family);
    if (other) {
      error(ctx, DIAG.settingValue, v.span, `a second ${c.family} ${what}`, { label: `${other.text} is already the ${c.family} ${what}`, notes: [`a cluster has at most one ${what} per IP family`] });
      continue;
    }
    written.set(c.family, v);
    cidrs.push(c);
  }
  if (stmt.values.length === 0) missingValue(ctx, stmt, example);
  if (cidrs[0]?.family === 'IPv6') {
    ipv6First(cidrs.length);
    return undefined;
  }
  return cidrs;
}


export function mustCidr(text: string): ParsedCidr {
  const r = validateCidr(text);
  if (typeof r === 'string') throw new Error(`bad built-in CIDR ${text}`);
  return r.cidr;
}

/** A setting statement inside a step: settings are the cluster block's and cannot change. */
export function settingInStep(ctx: Ctx, item: SettingStmt): void {
  if (!isSettingWord(item.key.value)) return unknownStatement(ctx, item.key, true);
  error(ctx, DIAG.misplaced, item.key.span, `\`${item.key.value}\` is a cluster setting and cannot change in a step`, {
    label: 'not valid in a step',
    help: 'give settings in the cluster block',
    ...(item.key.value === 'network'
      ? { notes: ['the CNI, and with it the network mode, is chosen when a cluster is created and cannot be switched (ACK Edge A-06, CCE C+01)'] }
      : {}),
  });
}

/** Reports an unknown statement word: a misplaced step mutation, or a near miss. */
export function unknownStatement(ctx: Ctx, key: Word, inStep: boolean): void {
  const k = key.value;
  if (!inStep && MUTATION_WORDS.includes(k)) {
    error(ctx, DIAG.misplaced, key.span, `\`${k}\` changes the cluster and is only valid inside a \`step\``, {
      label: 'not valid in the cluster block',
      help: 'declare the object in its final state here, or move this line into a `step "..." { }` block',
    });
    return;
  }
  const candidates = [...STATEMENT_WORDS, ...SETTING_WORDS, ...(inStep ? MUTATION_WORDS : [])];
  error(ctx, DIAG.unknownStatement, key.span, message(DIAG.unknownStatement, { name: k }), {
    label: 'not a statement',
    expected: `a statement (${STATEMENT_WORDS.slice(0, 5).join(', ')}, ...) or a setting (${SETTING_WORDS.slice(0, 4).join(', ')}, ...)`,
    help: didYouMean(k, candidates),
  });
}

function checkRange(ctx: Ctx, r: PortRange): readonly [number, number] | undefined {
  for (const n of [r.from, r.to]) {
    if (n.value < 1 || n.value > 65535) {
      error(ctx, DIAG.portRange, n.span, message(DIAG.portRange, { what: 'port', port: n.text }), { expected: 'a number from 1 to 65535' });
      return undefined;
    }
  }
  if (r.from.value > r.to.value) {
    error(ctx, DIAG.portRange, r.span, `empty port range ${r.from.text}-${r.to.text}`, { label: 'the first port is above the last', help: `write \`${r.to.text}-${r.from.text}\`` });
    return undefined;
  }
  return [r.from.value, r.to.value];
}

export { checkRange };
