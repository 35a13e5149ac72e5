/**
 * The one rule by which a manifest object's `apiVersion` is read, for every kind the reader knows
 * (objects.ts gives each kind's versions). An API server serves a kind only in its group's
 * versions (https://kubernetes.io/docs/reference/using-api/#api-groups); for any other apiVersion
 * `kubectl apply` fails with `no matches for kind "K" in version "G/V"`. netscn:
 * - a served version: read;
 * - no apiVersion: read as the first served version, with a warning;
 * - a version of the kind's group that Kubernetes removed: refused as the API server refuses it
 *   (an error saying when), or for analyses of existing manifests (Reader.lenientVersions) read as
 *   the served version with a warning;
 * - a version of the kind's group that was never served: the same, without the release;
 * - a group that does not serve the kind (`apps/v1` for a Pod, a misspelt `k8s.cni.cnf.io`): read
 *   as the kind, with a warning saying the API server refuses it and the apiVersion meant (as
 *   netpol-analyzer reads kinds whatever their apiVersion), whether the reader is lenient or not;
 * - a group known to define another kind of the same name (HOMONYMS: Calico's storage form of
 *   its NetworkPolicy, Knative's Service, …; Istio's Gateway is read as a kind of its own): another kind, not simulated, skipped with a warning.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { editDistance } from '../diag/suggest.js';
import type { Span } from '../spec/types.js';
import { child, report } from './read.js';
import type { Reader } from './read.js';
import { assertNever } from '../spec/never.js';

/**
 * The apiVersions a kind is read from: `served`, those current API servers serve (the first is
 * the one messages name); `removed`, those Kubernetes stopped serving, with the release.
 */
export interface KindVersions {
  readonly served: readonly string[];
  readonly removed?: Readonly<Record<string, string>>;
}

/**
 * Groups that define a kind of the same name as one the reader knows, by that name: the other
 * kind, with where it is documented. Such an object is not the kind netscn reads.
 */
const HOMONYMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  NetworkPolicy: {
    'crd.projectcalico.org': "Calico's storage form of its NetworkPolicy (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy), not its API",
  },
  Service: { 'serving.knative.dev': "Knative Serving's Service (https://knative.dev/docs/serving/reference/serving-api/)" },
  Route: { 'serving.knative.dev': "Knative Serving's Route (https://knative.dev/docs/serving/reference/serving-api/)" },
  Ingress: { 'config.openshift.io': "OpenShift's cluster-wide Ingress configuration (https://docs.openshift.com/container-platform/latest/rest_api/config_apis/ingress-config-openshift-io-v1.html)" },
  Node: { 'config.openshift.io': "OpenShift's cluster-wide Node configuration (https://docs.openshift.com/container-platform/latest/rest_api/config_apis/node-config-openshift-io-v1.html)" },
};

/** The verdict on one object's apiVersion (see the header). */
export type VersionVerdict =
  /** Served: read as it is. */
  | { readonly kind: 'served' }
  /** Absent: read as the first served version. */
  | { readonly kind: 'missing' }
  /** A version of the kind's group Kubernetes stopped serving in `release`. */
  | { readonly kind: 'removed'; readonly release: string }
  /** A version of the kind's group no API server ever served. */
  | { readonly kind: 'unserved-version' }
  /** A group that does not serve the kind; `misspeltOf`: the served group one edit away. */
  | { readonly kind: 'foreign-group'; readonly misspeltOf?: string }
  /** A group whose kind of this name is another kind (`other` names it). */
  | { readonly kind: 'homonym'; readonly other: string };

/** The API group of an apiVersion ('' is the core group, apiVersion `v1`). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

/** The verdict on `apiVersion` (undefined: absent) for `kind` of `versions`. */
export function versionVerdict(kind: string, versions: KindVersions, apiVersion: string | undefined): VersionVerdict {
  if (apiVersion === undefined) return { kind: 'missing' };
  if (versions.served.includes(apiVersion)) return { kind: 'served' };
  const release = versions.removed?.[apiVersion];
  if (release !== undefined) return { kind: 'removed', release };
  const group = groupOf(apiVersion);
  const groups = new Set([...versions.served, ...Object.keys(versions.removed ?? {})].map(groupOf));
  if (groups.has(group)) return { kind: 'unserved-version' };
  const other = HOMONYMS[kind]?.[group];
  if (other !== undefined) return { kind: 'homonym', other };
  const misspeltOf = [...groups].find((g) => g !== '' && group !== '' && editDistance(g, group) === 1);
  return misspeltOf === undefined ? { kind: 'foreign-group' } : { kind: 'foreign-group', misspeltOf };
}

/**
 * The served apiVersion an unserved one most likely meant: the same version in the misspelt
 * group when that is served, else the first served version.
 */
function meant(versions: KindVersions, apiVersion: string, misspeltOf: string | undefined): string {
  const same = misspeltOf === undefined ? undefined : `${misspeltOf}/${versionOf(apiVersion)}`;
  return same !== undefined && versions.served.includes(same) ? same : (versions.served[0] ?? 'v1');
}

/** Where the diagnostics point: the apiVersion's value, or the kind's when apiVersion is absent. */
export interface VersionSpans {
  readonly apiVersion?: Span;
  readonly kind: Span;
}

/**
 * Applies the rule to one object: reports what the verdict calls for and says whether the object
 * is read (as `kind`). `path` is the object's path in its document ('' for the document itself).
 */
export function readsVersion(r: Reader, kind: string, versions: KindVersions, apiVersion: string | undefined, spans: VersionSpans, path: string): boolean {
  const verdict = versionVerdict(kind, versions, apiVersion);
  const served = versions.served[0] ?? 'v1';
  const at = spans.apiVersion ?? spans.kind;
  const refused = `an API server refuses it: no matches for kind "${kind}" in version "${apiVersion ?? ''}"`;
  switch (verdict.kind) {
    case 'served':
      return true;
    case 'missing':
      report(r, DIAG.apiVersion, 'warning', `${child(path, 'apiVersion')}: missing; read as ${served}`, spans.kind);
      return true;
    case 'removed': {
      const notes = [`Kubernetes ${verdict.release} stopped serving ${kind} in ${apiVersion ?? ''}: an API server refuses it`];
      if (!r.lenientVersions) {
        report(r, DIAG.apiVersion, 'error', message(DIAG.apiVersion, { kind, apiVersion: apiVersion ?? '' }), at, { label: `removed in Kubernetes ${verdict.release}`, notes, help: `write \`apiVersion: ${served}\`` });
        return false;
      }
      report(r, DIAG.apiVersion, 'warning', `${kind} in version "${apiVersion ?? ''}" was removed in Kubernetes ${verdict.release}; read as ${served}`, at, { notes });
      return true;
    }
    case 'unserved-version': {
      const help = `did you mean \`apiVersion: ${served}\`?`;
      if (!r.lenientVersions) {
        report(r, DIAG.apiVersion, 'error', message(DIAG.apiVersion, { kind, apiVersion: apiVersion ?? '' }), at, {
          label: 'no API server serves this version',
          expected: versions.served.map((v) => `\`${v}\``).join(' or '),
          help,
        });
        return false;
      }
      report(r, DIAG.apiVersionRead, 'warning', message(DIAG.apiVersionRead, { kind, apiVersion: apiVersion ?? '', served }), at, { label: 'no API server serves this version', notes: [refused], help });
      return true;
    }
    case 'foreign-group': {
      const to = meant(versions, apiVersion ?? '', verdict.misspeltOf);
      const label = verdict.misspeltOf === undefined ? `no API server serves ${kind} in this group` : `one edit from \`${verdict.misspeltOf}\``;
      report(r, DIAG.apiVersionRead, 'warning', message(DIAG.apiVersionRead, { kind, apiVersion: apiVersion ?? '', served: to }), at, {
        label,
        notes: [refused],
        help: `did you mean \`apiVersion: ${to}\`?`,
      });
      return true;
    }
    case 'homonym':
      report(r, DIAG.kindNotSimulated, 'warning', `kind ${kind} of ${apiVersion ?? ''} is not simulated; skipped`, at, {
        notes: [`${kind} of ${groupOf(apiVersion ?? '')} is ${verdict.other}`, `netscn reads ${kind} from ${served}`],
      });
      return false;
    default:
      return assertNever(verdict);
  }
}
