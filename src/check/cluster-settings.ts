/**
 * The cluster block's setting statements → ClusterBase, the cluster-wide part of a ClusterSpec
 * with upstream defaults for everything left out. One handler per setting word (typed against
 * SETTING_WORDS: a missing or extra one does not compile), each setting once (`set NAME` once per
 * name, `set feature-gate G` once per gate); then the checks between settings, as a named list
 * run in order: the node mask against the pod CIDR, dual-stack, the provider's network modes and
 * the CNI's, NetworkPolicy enforcement, the CNI's own settings.
 */
import { profileById } from '../cloud/profiles.js';
import { CNI_PRESETS, cniPreset, type CniPreset } from '../cloud/cni.js';
import { SETTING_DOCS } from './setting-docs.js';
import { DEFAULT_SETTINGS, type NetworkMode, type ProxyMode, type Settings, type Span } from '../spec/types.js';
import type { Num, SettingStmt, Word } from '../syntax/ast.js';
import type { ParsedCidr } from '../address/validate.js';
import { didYouMean } from '../diag/suggest.js';
import { DIAG, message } from '../diag/catalogue.js';
import type { FeatureGate } from '../spec/feature-gates.js';
import { error, where, type Ctx } from './context.js';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './values.js';
import { NETWORK_MODES, PROVIDERS, PROXY_MODES, oneOf } from './words.js';
import { CLUSTER_DEFAULTS, DEFAULT_POD_CIDR, DEFAULT_SERVICE_CIDR, DEFAULT_SERVICE_CIDR_V6 } from '../spec/cluster-defaults.js';
import {
  SET_NAMES,
  checkRange,
  cidrsPerFamily,
  isSettingWord,
  missingValue,
  mustCidr,
  single,
  unknownStatement,
  wrongValue,
  type ClusterBase,
  type SetName,
  type SettingWord,
} from './settings.js';

/** The settings as the statements leave them, with where the ones later checks point at were given. */
interface BaseDraft {
  provider: string;
  networkMode?: NetworkMode;
  networkStmt?: SettingStmt;
  cni?: CniPreset;
  cniStmt?: SettingStmt;
  proxyMode: ProxyMode;
  podCidrs: ParsedCidr[];
  podCidrSpan?: Span;
  serviceCidr: ParsedCidr;
  secondaryServiceCidr?: ParsedCidr;
  serviceCidrStmt?: SettingStmt;
  nodePortRange: readonly [number, number];
  clusterDomain: string;
  nodeCidrMaskSize: number;
  maskStmt?: Num;
  settings: Settings;
  dnsService: { namespace: string; name: string };
  /** Each setting's first statement, by its duplicate key (`provider`, `set masquerade-all`). */
  readonly seen: Map<string, Span>;
}

function defaults(): BaseDraft {
  return {
    provider: CLUSTER_DEFAULTS.provider,
    proxyMode: CLUSTER_DEFAULTS.proxyMode,
    podCidrs: [mustCidr(DEFAULT_POD_CIDR)],
    serviceCidr: mustCidr(DEFAULT_SERVICE_CIDR),
    nodePortRange: CLUSTER_DEFAULTS.nodePortRange,
    clusterDomain: CLUSTER_DEFAULTS.clusterDomain,
    nodeCidrMaskSize: CLUSTER_DEFAULTS.nodeCidrMaskSize,
    settings: DEFAULT_SETTINGS,
    dnsService: CLUSTER_DEFAULTS.dnsService,
    seen: new Map(),
  };
}

/** The settings whose one value is a word of a closed list: the list, for their check and for completion. */
export const SETTING_VALUE_WORDS = {
  provider: PROVIDERS,
  network: NETWORK_MODES,
  'kube-proxy': PROXY_MODES,
  cni: CNI_PRESETS.map((p) => p.id),
} as const satisfies Partial<Record<SettingWord, readonly string[]>>;

type SettingHandler = (ctx: Ctx, stmt: SettingStmt, b: BaseDraft) => void;

/** `set NAME VALUE…`: the named setting's parser (settings.ts); feature gates accumulate, one a line. */
function setStatement(ctx: Ctx, stmt: SettingStmt, b: BaseDraft): void {
  const values = stmt.values;
  const nameWord = values[0];
  if (!nameWord) return void missingValue(ctx, stmt, `a setting name (${Object.keys(SET_NAMES).slice(0, 4).join(', ')}, ...)`);
  if (nameWord.kind !== 'Word') return void wrongValue(ctx, nameWord, 'a setting name');
  const parser = Object.prototype.hasOwnProperty.call(SET_NAMES, nameWord.value) ? SET_NAMES[nameWord.value as SetName] : undefined;
  if (!parser) {
    error(ctx, DIAG.unknownStatement, nameWord.span, `unknown setting \`${nameWord.value}\``, {
      label: 'not a setting',
      expected: Object.keys(SET_NAMES).join(', '),
      help: didYouMean(nameWord.value, Object.keys(SET_NAMES)),
    });
    return;
  }
  const rest = values.slice(1);
  if (rest.length === 0) return void error(ctx, DIAG.settingValue, nameWord.span, `\`set ${nameWord.value}\` needs a value`, { label: 'value missing' });
  const patch = parser(ctx, { ...stmt, key: nameWord as Word }, rest);
  if (patch?.featureGates) {
    const gate = (rest[0] as Word).value as FeatureGate;
    b.settings = { ...b.settings, featureGates: { ...b.settings.featureGates, [gate]: patch.featureGates[gate] } };
  } else if (patch) b.settings = { ...b.settings, ...patch };
}

/** `dns-service NS/NAME`: the Service cluster DNS answers behind. */
function dnsServiceStatement(ctx: Ctx, stmt: SettingStmt, b: BaseDraft): void {
  const w = single(ctx, stmt, stmt.values, 'Word', 'namespace/name, e.g. kube-system/kube-dns');
  if (!w) return;
  const [ns, name, ...rest] = w.value.split('/');
  if (ns === undefined || name === undefined || rest.length > 0 || ns === '' || name === '') {
    error(ctx, DIAG.settingValue, w.span, `invalid DNS Service \`${w.value}\``, { expected: 'namespace/name, e.g. kube-system/kube-dns' });
    return;
  }
  const problem = dns1123LabelProblem(ns) ?? dns1123LabelProblem(name);
  if (problem) error(ctx, DIAG.invalidName, w.span, `invalid DNS Service \`${w.value}\``, { label: problem });
  else b.dnsService = { namespace: ns, name };
}

const SETTINGS: { readonly [K in SettingWord]: SettingHandler } = {
  provider: (ctx, stmt, b) => {
    const w = single(ctx, stmt, stmt.values, 'Word', SETTING_VALUE_WORDS.provider.join(', '));
    const p = w && oneOf(ctx, w, SETTING_VALUE_WORDS.provider, 'provider');
    if (p) b.provider = p;
  },
  network: (ctx, stmt, b) => {
    const w = single(ctx, stmt, stmt.values, 'Word', SETTING_VALUE_WORDS.network.join(', '));
    const m = w && oneOf(ctx, w, SETTING_VALUE_WORDS.network, 'network mode');
    if (!m) return;
    b.networkMode = m;
    b.networkStmt = stmt;
  },
  cni: (ctx, stmt, b) => {
    const ids = SETTING_VALUE_WORDS.cni;
    const w = single(ctx, stmt, stmt.values, 'Word', ids.join(', '));
    const id = w && oneOf(ctx, w, ids, 'CNI');
    const preset = id ? cniPreset(id) : undefined;
    if (!preset) return;
    b.cni = preset;
    b.cniStmt = stmt;
  },
  'kube-proxy': (ctx, stmt, b) => {
    const w = single(ctx, stmt, stmt.values, 'Word', SETTING_VALUE_WORDS['kube-proxy'].join(', '));
    const m = w && oneOf(ctx, w, SETTING_VALUE_WORDS['kube-proxy'], 'kube-proxy mode');
    if (m) b.proxyMode = m;
  },
  'pod-cidr': (ctx, stmt, b) => {
    const cidrs = cidrsPerFamily(ctx, stmt, 'pod CIDR', 'a CIDR like 10.244.0.0/16', (n) =>
      error(ctx, DIAG.notSupported, stmt.values[0]?.span ?? stmt.span, 'IPv6-primary and IPv6-only clusters are not simulated', {
        label: 'the first pod CIDR must be IPv4',
        help: n > 1 ? 'list the IPv4 CIDR first: an IPv4-primary dual-stack cluster is simulated' : 'add an IPv4 pod CIDR first for an IPv4-primary dual-stack cluster',
      }),
    );
    if (!cidrs || cidrs.length === 0) return;
    b.podCidrs = cidrs;
    b.podCidrSpan = stmt.span;
  },
  'service-cidr': (ctx, stmt, b) => {
    const cidrs = cidrsPerFamily(ctx, stmt, 'service CIDR', 'a CIDR like 10.96.0.0/12', () =>
      error(ctx, DIAG.notSupported, stmt.values[0]?.span ?? stmt.span, 'IPv6-primary service CIDRs are not simulated', {
        label: 'the first service CIDR must be IPv4',
        help: 'list the IPv4 service CIDR first',
      }),
    );
    if (!cidrs) return;
    const [first, second] = cidrs;
    if (first) b.serviceCidr = first;
    if (second) b.secondaryServiceCidr = second;
    b.serviceCidrStmt = stmt;
  },
  'node-port-range': (ctx, stmt, b) => {
    const r = single(ctx, stmt, stmt.values, 'PortRange', 'a range like 30000-32767');
    const ok = r && checkRange(ctx, r);
    if (ok) b.nodePortRange = ok;
  },
  'cluster-domain': (ctx, stmt, b) => {
    const w = single(ctx, stmt, stmt.values, 'Word', 'a domain like cluster.local');
    if (!w) return;
    const problem = dns1123SubdomainProblem(w.value.replace(/\.$/, ''));
    if (problem) error(ctx, DIAG.settingValue, w.span, `invalid cluster domain \`${w.value}\``, { label: problem });
    else b.clusterDomain = w.value.replace(/\.$/, '');
  },
  'node-cidr-mask': (ctx, stmt, b) => {
    const n = single(ctx, stmt, stmt.values, 'Num', 'a prefix length like 24');
    if (!n) return;
    b.maskStmt = n;
    b.nodeCidrMaskSize = n.value;
  },
  'dns-service': dnsServiceStatement,
  set: setStatement,
};

/** False (and an error) when the setting was given before; `set NAME` counts per name, `set feature-gate G` per gate. */
function firstTime(ctx: Ctx, stmt: SettingStmt, b: BaseDraft): boolean {
  const [v0, v1] = stmt.values;
  const gateName = v0?.kind === 'Word' && v0.value === 'feature-gate' && v1?.kind === 'Word' ? ` ${v1.value}` : '';
  const dupKey = stmt.key.value === 'set' && v0?.kind === 'Word' ? `set ${v0.value}${gateName}` : stmt.key.value;
  const first = b.seen.get(dupKey);
  if (first) {
    error(ctx, DIAG.duplicate, stmt.span, `\`${dupKey}\` is set twice`, { label: 'second setting', notes: [`first set at ${where(first)}`], help: 'keep one of the two lines' });
    return false;
  }
  b.seen.set(dupKey, stmt.span);
  return true;
}

/** `node-cidr-mask` fits inside the first pod CIDR (else a fitting default is used). */
function maskFitsPodCidr(ctx: Ctx, b: BaseDraft): void {
  const first = b.podCidrs[0];
  if (!b.maskStmt || !first) return;
  const max = first.family === 'IPv6' ? 128 : 32;
  if (b.nodeCidrMaskSize >= first.prefix && b.nodeCidrMaskSize <= max) return;
  error(ctx, DIAG.settingValue, b.maskStmt.span, `node CIDR mask /${b.nodeCidrMaskSize} does not fit the pod CIDR ${first.text}`, {
    expected: `a prefix length from ${first.prefix} to ${max}`,
  });
  b.nodeCidrMaskSize = Math.min(Math.max(first.prefix, 24), max);
}

/** An IPv6 pod CIDR needs an IPv6 service CIDR (kind's default when none is given); an IPv6 service CIDR needs IPv6 pods. */
function dualStack(ctx: Ctx, b: BaseDraft): void {
  const dual = b.podCidrs.some((c) => c.family === 'IPv6');
  if (dual && !b.secondaryServiceCidr) b.secondaryServiceCidr = mustCidr(DEFAULT_SERVICE_CIDR_V6);
  if (dual || !b.secondaryServiceCidr || !b.serviceCidrStmt) return;
  error(ctx, DIAG.settingValue, b.serviceCidrStmt.span, 'an IPv6 service CIDR on a single-stack IPv4 cluster', {
    label: 'no IPv6 pod CIDR',
    help: `give \`pod-cidr\` an IPv6 block too (e.g. \`pod-cidr ${b.podCidrs[0]?.text ?? DEFAULT_POD_CIDR} fd00:10:244::/56\`) for a dual-stack cluster`,
  });
  b.secondaryServiceCidr = undefined;
}

/** The provider's CNIs decide which network modes exist. */
function networkOfProvider(ctx: Ctx, b: BaseDraft): void {
  const profile = profileById(b.provider);
  if (b.networkMode === undefined || !b.networkStmt || profile.networkModes.includes(b.networkMode)) return;
  error(ctx, DIAG.provider, b.networkStmt.span, message(DIAG.provider, { provider: profile.name, mode: b.networkMode }), {
    label: 'not a network its CNIs offer',
    expected: profile.networkModes.map((m) => `\`${m}\``).join(', '),
    ...(profile.cniNote ? { notes: [profile.cniNote] } : {}),
  });
}

/** A CNI preset sets the network mode: it must agree with `network` and be one the provider offers. */
function networkOfCni(ctx: Ctx, b: BaseDraft): void {
  const { cni, cniStmt, networkMode } = b;
  if (!cni || !cniStmt) return;
  const profile = profileById(b.provider);
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
  } else b.networkMode = cni.mode;
}

/** The network mode given, else the provider's default CNI's. */
function networkOf(b: BaseDraft): NetworkMode {
  return b.networkMode ?? profileById(b.provider).defaultNetworkMode;
}

/**
 * The CNI decides NetworkPolicy enforcement unless the cluster says otherwise; Calico in
 * policy-only mode beside another CNI (`set calico-policy enforced`) enforces NetworkPolicy itself.
 */
function policyEnforcement(_ctx: Ctx, b: BaseDraft): void {
  const calicoBeside = b.seen.has('set calico-policy') && b.settings.calicoPolicy === 'enforced' && b.cni?.calicoPolicy !== true;
  const enforcement = calicoBeside ? 'full' : (b.cni?.enforcement ?? profileById(b.provider).policyEnforcement?.[networkOf(b)]);
  if (enforcement !== undefined && !b.seen.has('set network-policy-enforcement')) b.settings = { ...b.settings, networkPolicyEnforcement: enforcement };
}

/**
 * Whether Calico enforces its policy objects: the CNI preset says (Calico and Canal run Felix),
 * unless `set calico-policy` does. No CNI named keeps the default, enforced — unless the
 * cluster's network enforces no NetworkPolicy at all (a provider's default network such as
 * ACK's Flannel, or `set network-policy-enforcement none`): no policy engine runs there, Calico's
 * included. Calico as the CNI always runs Felix, so `off` under it is an error.
 */
function calicoPolicy(ctx: Ctx, b: BaseDraft): void {
  const given = b.seen.get('set calico-policy');
  if (given === undefined) {
    if (b.cni !== undefined) b.settings = { ...b.settings, calicoPolicy: b.cni.calicoPolicy ? 'enforced' : 'off' };
    else if (b.settings.networkPolicyEnforcement === 'none') b.settings = { ...b.settings, calicoPolicy: 'off' };
    return;
  }
  if (b.settings.calicoPolicy === 'off' && b.cni?.calicoPolicy === true && b.cniStmt) {
    error(ctx, DIAG.calicoPolicyOffUnderCalico, given, message(DIAG.calicoPolicyOffUnderCalico, { cni: b.cni.id }), {
      label: `\`cni ${b.cni.id}\` runs Calico's Felix`,
      help: `drop \`set calico-policy off\`, or name the CNI the cluster runs instead of \`${b.cni.id}\``,
    });
    b.settings = { ...b.settings, calicoPolicy: 'enforced' };
  }
}

/** The CNI's own settings (cloud/cni.ts), unless a `set` line gives them. */
function cniSettings(_ctx: Ctx, b: BaseDraft): void {
  const own = b.cni?.settings;
  if (own === undefined) return;
  for (const [name, { field }] of Object.entries(SETTING_DOCS)) {
    const value = (own as Readonly<Record<string, { readonly value: unknown }>>)[field]?.value;
    if (value !== undefined && !b.seen.has(`set ${name}`)) b.settings = { ...b.settings, [field]: value };
  }
}

/** The checks between settings, in the order they run. */
export const AFTER_SETTINGS: readonly ((ctx: Ctx, b: BaseDraft) => void)[] = [maskFitsPodCidr, dualStack, networkOfProvider, networkOfCni, policyEnforcement, calicoPolicy, cniSettings];

/** The cluster-wide settings from every setting statement of the cluster block. */
export function clusterBase(ctx: Ctx, stmts: readonly SettingStmt[]): ClusterBase {
  const b = defaults();
  for (const stmt of stmts) {
    const key = stmt.key.value;
    if (!isSettingWord(key)) unknownStatement(ctx, stmt.key, false);
    else if (firstTime(ctx, stmt, b)) SETTINGS[key](ctx, stmt, b);
  }
  for (const check of AFTER_SETTINGS) check(ctx, b);
  return {
    provider: b.provider,
    networkMode: networkOf(b),
    ...(b.cni ? { cni: b.cni.id } : {}),
    proxyMode: b.proxyMode,
    podCidrs: b.podCidrs,
    ...(b.podCidrSpan ? { podCidrSpan: b.podCidrSpan } : {}),
    serviceCidr: b.serviceCidr,
    ...(b.secondaryServiceCidr ? { secondaryServiceCidr: b.secondaryServiceCidr } : {}),
    nodePortRange: b.nodePortRange,
    clusterDomain: b.clusterDomain,
    nodeCidrMaskSize: b.nodeCidrMaskSize,
    settings: b.settings,
    dnsService: b.dnsService,
  };
}
