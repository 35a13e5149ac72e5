/**
 * A Service's or Ingress's annotations read through its cluster's provider profile: the load
 * balancer settings they resolve to (and which annotation decided each), and what is wrong with
 * them — an unknown key in a namespace the provider owns (with a suggestion), another provider's
 * annotation (it does nothing here), a value the provider does not take, an effect the cluster's
 * network cannot give, or a change to an annotation the provider fixes at creation.
 */
import { didYouMean } from '../diag/suggest.js';
import type { LabelSelector, LabelSelectorRequirement, Labels, NetworkMode } from '../spec/types.js';
import type { AnnotationSpec, LbSettings, ProviderProfile } from './profile.js';
import { PROFILES } from './profiles.js';

export interface AnnotationIssue {
  readonly severity: 'error' | 'warning';
  readonly key: string;
  readonly message: string;
  readonly expected?: string;
  readonly help?: string;
}

export type DecidedBy = { readonly [K in keyof LbSettings]?: string };

export interface ResolvedLb {
  readonly settings: LbSettings;
  /** Per setting: the annotation (`key: value`) that set it; absent = the profile's default. */
  readonly decidedBy: DecidedBy;
  readonly issues: readonly AnnotationIssue[];
}

function owns(p: ProviderProfile, key: string): boolean {
  return p.prefixes.some((x) => key.startsWith(x)) || p.annotations.some((a) => a.key === key);
}

function spec(p: ProviderProfile, key: string): AnnotationSpec | undefined {
  return p.annotations.find((a) => a.key === key);
}

/** `k=v,k2`, `!k`: a node label selector as the TKE backends-label annotation takes it; undefined when malformed. */
export function parseNodeSelector(value: string): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const raw of value.split(',')) {
    const term = raw.trim();
    const m = /^(!)?([A-Za-z0-9][A-Za-z0-9_.\-/]*)(?:=([A-Za-z0-9_.\-]*))?$/.exec(term);
    if (!m) return undefined;
    const [, not, key, v] = m;
    if (v !== undefined && not) return undefined;
    if (v !== undefined) matchLabels[key!] = v;
    else matchExpressions.push({ key: key!, operator: not ? 'DoesNotExist' : 'Exists', values: [] });
  }
  return { matchLabels, matchExpressions };
}

function effectOf(a: AnnotationSpec, value: string): { settings?: Partial<LbSettings>; problem?: string } {
  if ((a.valueInto === 'backendNodeSelector' || a.valueInto === 'poolSelector') && parseNodeSelector(value) === undefined) return { problem: 'a node label selector such as `pool=edge,zone` (comma-separated key=value, key or !key)' };
  if (a.listOf) {
    const bad = value.split(',').map((v) => v.trim()).find((v) => !a.listOf!.includes(v));
    if (bad !== undefined) return { problem: `a comma-separated list of ${a.listOf.map((v) => `\`${v}\``).join(', ')}` };
  }
  if (a.values === 'free') return {};
  let entry = a.values[value] ?? a.values['*'];
  if (entry === undefined) return { problem: Object.keys(a.values).map((v) => `\`${v}\``).join(', ') };
  if (a.json) {
    let field: unknown;
    try {
      const parsed: unknown = JSON.parse(value);
      field = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[a.json.field] : undefined;
    } catch {
      return { problem: `a JSON object with a "${a.json.field}" field` };
    }
    const picked = typeof field === 'string' ? a.json.values[field] : undefined;
    if (picked === undefined) return { problem: `a JSON object whose "${a.json.field}" is ${Object.keys(a.json.values).map((v) => `"${v}"`).join(' or ')}` };
    entry = { ...entry, ...picked };
  }
  return { settings: entry };
}

/** Other providers' ownership of `key`, for "this is a CCE annotation" warnings. */
function foreignOwner(profile: ProviderProfile, key: string): ProviderProfile | undefined {
  return PROFILES.find((p) => p.id !== profile.id && owns(p, key) && !owns(profile, key));
}

export function interpretAnnotations(
  profile: ProviderProfile,
  kind: 'Service' | 'Ingress',
  annotations: Labels,
  networkMode: NetworkMode,
  externalTrafficPolicy?: 'Cluster' | 'Local',
): ResolvedLb {
  let settings: LbSettings = profile.lb;
  const decidedBy: { -readonly [K in keyof LbSettings]?: string } = {};
  const issues: AnnotationIssue[] = [];
  // Known annotations apply in the profile's order (a later one can refine an earlier one).
  for (const a of profile.annotations) {
    const value = annotations[a.key];
    if (value === undefined) continue;
    if (a.requiresClusterPolicy && externalTrafficPolicy === 'Local') {
      issues.push({
        severity: 'error',
        key: a.key,
        message: `\`${a.key}\` needs externalTrafficPolicy Cluster: ${a.requiresClusterPolicy}`,
        help: 'remove `external-traffic-policy local` (externalTrafficPolicy: Local)',
      });
      continue;
    }
    if (!a.appliesTo.includes(kind)) {
      issues.push({ severity: 'warning', key: a.key, message: `\`${a.key}\` is read on ${a.appliesTo.join(' and ')} objects, not on a ${kind}; it has no effect here` });
      continue;
    }
    const effect = effectOf(a, value);
    const problem = effect.problem;
    const set = a.valueInto ? { ...effect.settings, [a.valueInto]: value } : effect.settings;
    if (problem !== undefined) {
      issues.push({ severity: 'error', key: a.key, message: `\`${a.key}\` does not take \`${value}\``, expected: problem });
      continue;
    }
    if (!set) continue;
    if (a.requiresNetwork && Object.keys(set).length > 0 && !a.requiresNetwork.includes(networkMode)) {
      issues.push({
        severity: 'error',
        key: a.key,
        message: `\`${a.key}: ${value}\` needs pods with VPC addresses, but this cluster's network is ${networkMode}`,
        help: `declare \`network ${a.requiresNetwork.join('\` or \`network ')}\` (the CNI is chosen when the cluster is created)`,
      });
      continue;
    }
    settings = { ...settings, ...set };
    for (const k of Object.keys(set) as (keyof LbSettings)[]) decidedBy[k] = `${a.key}: ${value}`;
  }
  for (const key of Object.keys(annotations)) {
    if (spec(profile, key)) continue;
    if (owns(profile, key)) {
      const hint = didYouMean(key, profile.annotations.map((a) => a.key));
      issues.push({ severity: 'warning', key, message: `unknown ${profile.name} annotation \`${key}\`; it has no effect`, ...(hint ? { help: hint } : {}) });
      continue;
    }
    const other = foreignOwner(profile, key);
    if (other) {
      issues.push({
        severity: 'warning',
        key,
        message: `\`${key}\` is an annotation of ${other.name}, but this cluster's provider is ${profile.name}; it has no effect`,
        help: profile.id === 'vanilla' ? `declare \`provider ${other.id}\` if the cluster runs there` : `see the ${profile.name} annotations in the README`,
      });
    }
  }
  return { settings, decidedBy, issues };
}

/** Changes the provider refuses: an immutable annotation set, changed or removed on an existing object. */
export function immutableChanges(profile: ProviderProfile, before: Labels, after: Labels): AnnotationIssue[] {
  return profile.annotations.flatMap((a) => {
    if (!a.immutable || before[a.key] === after[a.key]) return [];
    const was = before[a.key];
    const now = after[a.key];
    const change = was === undefined ? `added (\`${now}\`)` : now === undefined ? `removed (was \`${was}\`)` : `changed from \`${was}\` to \`${now}\``;
    return [{ severity: 'error' as const, key: a.key, message: `\`${a.key}\` cannot change after creation: ${change}`, help: 'delete and recreate the object to change it (the load balancer is replaced)' }];
  });
}
