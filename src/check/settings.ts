/**
 * Cluster settings statements (`provider cce`, `pod-cidr ...`, `set masquerade-all true`) →
 * the cluster-wide part of a ClusterSpec, with upstream defaults for everything left out.
 */
import { profileById } from '../cloud/profiles.js';
import { CNI_PRESETS, cniPreset, type CniPreset } from '../cloud/cni.js';
import { DEFAULT_SETTINGS, type NetworkMode, type ProxyMode, type Settings, type Span } from '../spec/types.js';
import type { Addr, Num, PortRange, SettingStmt, Word } from '../syntax/ast.js';
import { didYouMean } from '../diag/suggest.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, where, type Ctx } from './context.js';
import { isPrivateAddress } from '../address/ip.js';
import { MAX_PATHS } from '../net/path-limit.js';
import { DEFAULT_FEATURE_GATES, FEATURE_GATES, isFeatureGate, type FeatureGate } from '../spec/feature-gates.js';
import { checkCidr, checkIp, dns1123LabelProblem, dns1123SubdomainProblem } from './values.js';
import { validateCidr, type ParsedCidr } from '../address/validate.js';
import { MUTATION_WORDS, NETWORK_MODES, PROVIDERS, PROXY_MODES, STATEMENT_WORDS, oneOf } from './words.js';

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

export const SETTING_WORDS = [
  'provider', 'network', 'cni', 'kube-proxy', 'pod-cidr', 'service-cidr', 'node-port-range', 'cluster-domain',
  'node-cidr-mask', 'dns-service', 'set',
];

type SetParser = (ctx: Ctx, stmt: SettingStmt, values: readonly Value[]) => Partial<Settings> | undefined;
type Value = SettingStmt['values'][number];

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
  'egress-masquerade': BOOLS,
  'lb-bypass-security-groups': BOOLS,
  'lb-all-unhealthy': ['fail-open', 'drop'],
  'lb-health-check-source': ['profile', 'vip'],
  'nat-gateway': ['none'],
  'cloud-l7-snat': ['on', 'off', 'profile'],
  'internet-exit': ['none', 'direct'],
  'vpc-cidr': [],
  'internet-client': [],
  'summarise-above': [],
  'feature-gate': Object.keys(FEATURE_GATES) as readonly FeatureGate[],
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
  'egress-masquerade': boolSetting('egressMasquerade'),
  'lb-bypass-security-groups': boolSetting('lbBypassSecurityGroups'),
  'lb-all-unhealthy': choiceSetting('lb-all-unhealthy', 'lbAllUnhealthy'),
  'lb-health-check-source': choiceSetting('lb-health-check-source', 'lbHealthCheckSource'),
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
};

const KIND_WORDS: Readonly<Record<Value['kind'], string>> = {
  Word: 'a word',
  Addr: 'an address',
  Num: 'a number',
  PortRange: 'a port range',
  Str: 'a quoted string',
};

function wrongValue(ctx: Ctx, v: Value, expected: string): undefined {
  error(ctx, DIAG.settingValue, v.span, `this setting does not take ${KIND_WORDS[v.kind]}`, { label: 'not valid for this setting', expected });
  return undefined;
}

function missingValue(ctx: Ctx, stmt: SettingStmt, expected: string): undefined {
  error(ctx, DIAG.settingValue, stmt.key.span, `\`${stmt.key.value}\` needs a value`, { label: 'value missing', expected });
  return undefined;
}

function single<K extends Value['kind']>(ctx: Ctx, stmt: SettingStmt, values: readonly Value[], kind: K, expected: string): Extract<Value, { kind: K }> | undefined {
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
function cidrsPerFamily(ctx: Ctx, stmt: SettingStmt, what: string, example: string, ipv6First: (count: number) => void): ParsedCidr[] | undefined {
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

const DEFAULT_POD_CIDR = '10.244.0.0/16';
const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
/** The IPv6 service CIDR a dual-stack cluster gets when none is given (kind's default). */
export const DEFAULT_SERVICE_CIDR_V6 = 'fd00:10:96::/112';

function mustCidr(text: string): ParsedCidr {
  const r = validateCidr(text);
  if (typeof r === 'string') throw new Error(`bad built-in CIDR ${text}`);
  return r.cidr;
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

/** The cluster-wide settings from every setting statement of the cluster block. */
export function clusterBase(ctx: Ctx, stmts: readonly SettingStmt[]): ClusterBase {
  let provider = 'vanilla';
  let networkMode: NetworkMode | undefined;
  let networkStmt: SettingStmt | undefined;
  let cni: CniPreset | undefined;
  let cniStmt: SettingStmt | undefined;
  let proxyMode: ProxyMode = 'iptables';
  let podCidrs: ParsedCidr[] = [mustCidr(DEFAULT_POD_CIDR)];
  let podCidrSpan: Span | undefined;
  let serviceCidr = mustCidr(DEFAULT_SERVICE_CIDR);
  let secondaryServiceCidr: ParsedCidr | undefined;
  let serviceCidrStmt: SettingStmt | undefined;
  let nodePortRange: readonly [number, number] = [30000, 32767];
  let clusterDomain = 'cluster.local';
  let nodeCidrMaskSize = 24;
  let maskStmt: Num | undefined;
  let settings: Settings = DEFAULT_SETTINGS;
  let dnsService = { namespace: 'kube-system', name: 'kube-dns' };
  const seen = new Map<string, Span>();

  for (const stmt of stmts) {
    const key = stmt.key.value;
    const values = stmt.values;
    if (!SETTING_WORDS.includes(key)) {
      unknownStatement(ctx, stmt.key, false);
      continue;
    }
    // `set feature-gate NAME` once per gate.
    const gateName = values[0]?.kind === 'Word' && values[0].value === 'feature-gate' && values[1]?.kind === 'Word' ? ` ${values[1].value}` : '';
    const dupKey = key === 'set' && values[0]?.kind === 'Word' ? `set ${values[0].value}${gateName}` : key;
    const first = seen.get(dupKey);
    if (first) {
      error(ctx, DIAG.duplicate, stmt.span, `\`${dupKey}\` is set twice`, { label: 'second setting', notes: [`first set at ${where(first)}`], help: 'keep one of the two lines' });
      continue;
    }
    seen.set(dupKey, stmt.span);
    switch (key) {
      case 'provider': {
        const w = single(ctx, stmt, values, 'Word', PROVIDERS.join(', '));
        const p = w && oneOf(ctx, w, PROVIDERS, 'provider');
        if (p) provider = p;
        break;
      }
      case 'network': {
        const w = single(ctx, stmt, values, 'Word', NETWORK_MODES.join(', '));
        const m = w && oneOf(ctx, w, NETWORK_MODES, 'network mode');
        if (m) {
          networkMode = m;
          networkStmt = stmt;
        }
        break;
      }
      case 'cni': {
        const ids = CNI_PRESETS.map((p) => p.id);
        const w = single(ctx, stmt, values, 'Word', ids.join(', '));
        const id = w && oneOf(ctx, w, ids, 'CNI');
        const preset = id ? cniPreset(id) : undefined;
        if (preset) {
          cni = preset;
          cniStmt = stmt;
        }
        break;
      }
      case 'kube-proxy': {
        const w = single(ctx, stmt, values, 'Word', PROXY_MODES.join(', '));
        const m = w && oneOf(ctx, w, PROXY_MODES, 'kube-proxy mode');
        if (m) proxyMode = m;
        break;
      }
      case 'pod-cidr': {
        const cidrs = cidrsPerFamily(ctx, stmt, 'pod CIDR', 'a CIDR like 10.244.0.0/16', (n) =>
          error(ctx, DIAG.notSupported, values[0]?.span ?? stmt.span, 'IPv6-primary and IPv6-only clusters are not simulated', {
            label: 'the first pod CIDR must be IPv4',
            help: n > 1 ? 'list the IPv4 CIDR first: an IPv4-primary dual-stack cluster is simulated' : 'add an IPv4 pod CIDR first for an IPv4-primary dual-stack cluster',
          }),
        );
        if (cidrs && cidrs.length > 0) {
          podCidrs = cidrs;
          podCidrSpan = stmt.span;
        }
        break;
      }
      case 'service-cidr': {
        const cidrs = cidrsPerFamily(ctx, stmt, 'service CIDR', 'a CIDR like 10.96.0.0/12', () =>
          error(ctx, DIAG.notSupported, values[0]?.span ?? stmt.span, 'IPv6-primary service CIDRs are not simulated', {
            label: 'the first service CIDR must be IPv4',
            help: 'list the IPv4 service CIDR first',
          }),
        );
        if (!cidrs) break;
        const [first, second] = cidrs;
        if (first) serviceCidr = first;
        if (second) secondaryServiceCidr = second;
        serviceCidrStmt = stmt;
        break;
      }
      case 'node-port-range': {
        const r = single(ctx, stmt, values, 'PortRange', 'a range like 30000-32767');
        if (r) {
          const ok = checkRange(ctx, r);
          if (ok) nodePortRange = ok;
        }
        break;
      }
      case 'cluster-domain': {
        const w = single(ctx, stmt, values, 'Word', 'a domain like cluster.local');
        if (w) {
          const problem = dns1123SubdomainProblem(w.value.replace(/\.$/, ''));
          if (problem) error(ctx, DIAG.settingValue, w.span, `invalid cluster domain \`${w.value}\``, { label: problem });
          else clusterDomain = w.value.replace(/\.$/, '');
        }
        break;
      }
      case 'node-cidr-mask': {
        const n = single(ctx, stmt, values, 'Num', 'a prefix length like 24');
        if (n) {
          maskStmt = n;
          nodeCidrMaskSize = n.value;
        }
        break;
      }
      case 'dns-service': {
        const w = single(ctx, stmt, values, 'Word', 'namespace/name, e.g. kube-system/kube-dns');
        if (w) {
          const [ns, name, ...rest] = w.value.split('/');
          if (ns === undefined || name === undefined || rest.length > 0 || ns === '' || name === '') {
            error(ctx, DIAG.settingValue, w.span, `invalid DNS Service \`${w.value}\``, { expected: 'namespace/name, e.g. kube-system/kube-dns' });
          } else {
            const problem = dns1123LabelProblem(ns) ?? dns1123LabelProblem(name);
            if (problem) error(ctx, DIAG.invalidName, w.span, `invalid DNS Service \`${w.value}\``, { label: problem });
            else dnsService = { namespace: ns, name };
          }
        }
        break;
      }
      case 'set': {
        const nameWord = values[0];
        if (!nameWord) {
          missingValue(ctx, stmt, `a setting name (${Object.keys(SET_NAMES).slice(0, 4).join(', ')}, ...)`);
          break;
        }
        if (nameWord.kind !== 'Word') {
          wrongValue(ctx, nameWord, 'a setting name');
          break;
        }
        const parser = Object.prototype.hasOwnProperty.call(SET_NAMES, nameWord.value) ? SET_NAMES[nameWord.value as SetName] : undefined;
        if (!parser) {
          error(ctx, DIAG.unknownStatement, nameWord.span, `unknown setting \`${nameWord.value}\``, {
            label: 'not a setting',
            expected: Object.keys(SET_NAMES).join(', '),
            help: didYouMean(nameWord.value, Object.keys(SET_NAMES)),
          });
          break;
        }
        const rest = values.slice(1);
        if (rest.length === 0) {
          error(ctx, DIAG.settingValue, nameWord.span, `\`set ${nameWord.value}\` needs a value`, { label: 'value missing' });
          break;
        }
        const patch = parser(ctx, { ...stmt, key: nameWord as Word }, rest);
        // Gates accumulate: each line sets one of them.
        if (patch?.featureGates) {
          const gate = (rest[0] as Word).value as FeatureGate;
          settings = { ...settings, featureGates: { ...settings.featureGates, [gate]: patch.featureGates[gate] } };
        } else if (patch) settings = { ...settings, ...patch };
        break;
      }
      default:
        break;
    }
  }
  if (maskStmt) {
    const first = podCidrs[0];
    const max = first?.family === 'IPv6' ? 128 : 32;
    if (first && (nodeCidrMaskSize < first.prefix || nodeCidrMaskSize > max)) {
      error(ctx, DIAG.settingValue, maskStmt.span, `node CIDR mask /${nodeCidrMaskSize} does not fit the pod CIDR ${first.text}`, {
        expected: `a prefix length from ${first.prefix} to ${max}`,
      });
      nodeCidrMaskSize = Math.min(Math.max(first.prefix, 24), max);
    }
  }
  // Dual-stack: an IPv6 pod CIDR needs an IPv6 service CIDR (kind's default when none is given);
  // an IPv6 service CIDR needs IPv6 pods.
  const dualStack = podCidrs.some((c) => c.family === 'IPv6');
  if (dualStack && !secondaryServiceCidr) secondaryServiceCidr = mustCidr(DEFAULT_SERVICE_CIDR_V6);
  if (!dualStack && secondaryServiceCidr && serviceCidrStmt) {
    error(ctx, DIAG.settingValue, serviceCidrStmt.span, 'an IPv6 service CIDR on a single-stack IPv4 cluster', {
      label: 'no IPv6 pod CIDR',
      help: `give \`pod-cidr\` an IPv6 block too (e.g. \`pod-cidr ${podCidrs[0]?.text ?? DEFAULT_POD_CIDR} fd00:10:244::/56\`) for a dual-stack cluster`,
    });
    secondaryServiceCidr = undefined;
  }
  // The provider's CNIs decide which network modes exist; its default CNI decides the default.
  const profile = profileById(provider);
  if (networkMode !== undefined && networkStmt && !profile.networkModes.includes(networkMode)) {
    error(ctx, DIAG.provider, networkStmt.span, message(DIAG.provider, { provider: profile.name, mode: networkMode }), {
      label: 'not a network its CNIs offer',
      expected: profile.networkModes.map((m) => `\`${m}\``).join(', '),
      ...(profile.cniNote ? { notes: [profile.cniNote] } : {}),
    });
  }
  if (cni && cniStmt) {
    if (networkMode !== undefined && networkMode !== cni.mode) {
      error(ctx, DIAG.settingValue, cniStmt.span, `${cni.name} gives ${cni.mode === 'vpc-native' ? 'a' : 'an'} ${cni.mode} network, not ${networkMode}`, {
        label: `\`network ${networkMode}\` says otherwise`,
        help: 'drop one of the two lines: `cni` sets the network mode',
      });
    } else if (!profile.networkModes.includes(cni.mode)) {
      error(ctx, DIAG.provider, cniStmt.span, `${profile.name} has no ${cni.mode} network, which ${cni.name} gives`, {
        label: 'not a network its CNIs offer',
        expected: profile.networkModes.map((m) => `\`${m}\``).join(', '),
        ...(profile.cniNote ? { notes: [profile.cniNote] } : {}),
      });
    } else networkMode = cni.mode;
  }
  if (networkMode === undefined) networkMode = profile.defaultNetworkMode;
  // The CNI decides NetworkPolicy enforcement unless the cluster says otherwise.
  const enforcement = cni?.enforcement ?? profile.policyEnforcement?.[networkMode];
  if (enforcement !== undefined && !seen.has('set network-policy-enforcement')) settings = { ...settings, networkPolicyEnforcement: enforcement };
  return {
    provider,
    networkMode,
    ...(cni ? { cni: cni.id } : {}),
    proxyMode,
    podCidrs,
    ...(podCidrSpan ? { podCidrSpan } : {}),
    serviceCidr,
    ...(secondaryServiceCidr ? { secondaryServiceCidr } : {}),
    nodePortRange,
    clusterDomain,
    nodeCidrMaskSize,
    settings,
    dnsService,
  };
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
