/**
 * How an in-cluster Ingress controller (ingress-nginx) routes one request, from the Ingress
 * API's rules (reference §8, kubernetes.io "Ingress" path types and matching):
 * - hosts: an exact host beats a one-label wildcard (`*.foo.com` matches `bar.foo.com`, not
 *   `foo.com` nor `a.bar.foo.com`), which beats rules without a host (the catch-all server);
 *   rules of every Ingress of the controller for one host are merged into one server;
 * - paths: Exact matches the whole path; Prefix matches whole path elements (`/foo` matches
 *   `/foo`, `/foo/` and `/foo/bar`, not `/foobar`; a trailing slash is ignored); the longest
 *   matching path wins and Exact beats Prefix on a tie; the same path and type in two
 *   Ingresses: the oldest Ingress wins;
 * - ImplementationSpecific, as ingress-nginx treats it: an nginx prefix location (a plain
 *   string prefix, `/foo` matches `/foobar`), or with `nginx.ingress.kubernetes.io/use-regex`
 *   a case-insensitive regular expression anchored at the start;
 * - no path matches: the host's Ingress defaultBackend, else any Ingress's defaultBackend,
 *   else the controller's default backend (404);
 * - TLS: https is terminated with the secret of a TLS entry covering the host, else with the
 *   controller's default (fake) certificate; plain http to a host with TLS is redirected (308)
 *   unless `nginx.ingress.kubernetes.io/ssl-redirect: "false"`;
 * - canary Ingresses (`nginx.ingress.kubernetes.io/canary: "true"`) for the same host and path
 *   take requests by header, then cookie, then weight.
 * Pure: the caller gives the Ingresses this controller serves.
 */
import { percentText } from './share.js';
import type { IngressBackendSpec, IngressSpec, PathType } from '../spec/types.js';

const NGINX = 'nginx.ingress.kubernetes.io/';

export interface HttpRequestParts {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
}

export interface RoutedBackend {
  readonly ingress: IngressSpec;
  readonly backend: IngressBackendSpec;
  /** Fraction of requests like this one that go here. */
  readonly share: number;
  /** e.g. `Ingress shop/site: host shop.example.com, path /api (Prefix)`. */
  readonly route: string;
  readonly canary: boolean;
}

export type IngressRoute =
  | { readonly kind: 'backends'; readonly backends: readonly RoutedBackend[]; readonly tls?: TlsDecision; readonly steps: readonly string[] }
  | { readonly kind: 'redirect'; readonly location: string; readonly steps: readonly string[] }
  | { readonly kind: 'not-found'; readonly tls?: TlsDecision; readonly steps: readonly string[] };

export interface TlsDecision {
  readonly secret?: string;
  readonly defaultCertificate: boolean;
}

/** Ingress host rule vs request host (lower case, port stripped). */
export function hostMatch(ruleHost: string | undefined, host: string): 'exact' | 'wildcard' | 'any' | undefined {
  if (ruleHost === undefined) return 'any';
  const h = host.toLowerCase();
  const r = ruleHost.toLowerCase();
  if (!r.startsWith('*.')) return r === h ? 'exact' : undefined;
  const suffix = r.slice(1); // ".foo.com"
  if (!h.endsWith(suffix)) return undefined;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.') ? 'wildcard' : undefined;
}

function elements(p: string): string[] {
  return p.split('/').filter((e) => e !== '');
}

/** Whether `path` of `type` matches the request path; ImplementationSpecific as ingress-nginx reads it. */
export function pathMatches(type: PathType, path: string | undefined, requestPath: string, useRegex = false): boolean {
  const p = path ?? '/';
  switch (type) {
    case 'Exact':
      return p === requestPath;
    case 'Prefix': {
      const want = elements(p);
      const got = elements(requestPath);
      return want.length <= got.length && want.every((e, i) => e === got[i]);
    }
    case 'ImplementationSpecific':
      if (useRegex) {
        try {
          return new RegExp(`^${p}`, 'i').test(requestPath);
        } catch {
          return false;
        }
      }
      return requestPath.startsWith(p);
    default: {
      const never: never = type;
      return never;
    }
  }
}

const isCanary = (i: IngressSpec): boolean => i.annotations[`${NGINX}canary`] === 'true';
const useRegex = (i: IngressSpec): boolean => i.annotations[`${NGINX}use-regex`] === 'true';
const age = (i: IngressSpec): number => i.creationIndex ?? 0;
const key = (i: IngressSpec): string => `${i.namespace}/${i.name}`;

interface Candidate {
  readonly ingress: IngressSpec;
  readonly ruleIndex: number;
  readonly path: string;
  readonly pathType: PathType;
  readonly backend: IngressBackendSpec;
  readonly hostKind: 'exact' | 'wildcard' | 'any';
  readonly ruleHost?: string;
}

function candidatesFor(ingresses: readonly IngressSpec[], host: string): Candidate[] {
  const out: Candidate[] = [];
  for (const ing of ingresses) {
    ing.rules.forEach((rule, ruleIndex) => {
      const hostKind = hostMatch(rule.host, host);
      if (!hostKind) return;
      for (const p of rule.paths) {
        out.push({ ingress: ing, ruleIndex, path: p.path ?? '/', pathType: p.pathType, backend: p.backend, hostKind, ...(rule.host ? { ruleHost: rule.host } : {}) });
      }
    });
  }
  return out;
}

const HOST_RANK = { exact: 0, wildcard: 1, any: 2 } as const;

function describeBackend(b: IngressBackendSpec): string {
  return b.kind === 'service' ? `svc ${b.service}:${b.port}` : `${b.resourceKind} ${b.name}`;
}

function routeText(c: Candidate): string {
  return `Ingress ${key(c.ingress)}: host ${c.ruleHost ?? '*'} path ${c.path} (${c.pathType})`;
}

function canaryShare(canary: IngressSpec, req: HttpRequestParts): { share: number; reason: string } {
  const a = canary.annotations;
  const header = a[`${NGINX}canary-by-header`];
  if (header !== undefined) {
    const got = req.headers[header.toLowerCase()];
    const value = a[`${NGINX}canary-by-header-value`];
    const pattern = a[`${NGINX}canary-by-header-pattern`];
    if (got !== undefined) {
      if (value !== undefined) {
        if (got === value) return { share: 1, reason: `header ${header}: ${got} equals canary-by-header-value` };
      } else if (pattern !== undefined) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(pattern);
        } catch {
          re = undefined;
        }
        if (re?.test(got)) return { share: 1, reason: `header ${header}: ${got} matches canary-by-header-pattern` };
      } else if (got === 'always') return { share: 1, reason: `header ${header}: always` };
      else if (got === 'never') return { share: 0, reason: `header ${header}: never` };
    }
  }
  const cookie = a[`${NGINX}canary-by-cookie`];
  if (cookie !== undefined) {
    const got = req.cookies[cookie];
    if (got === 'always') return { share: 1, reason: `cookie ${cookie}=always` };
    if (got === 'never') return { share: 0, reason: `cookie ${cookie}=never` };
  }
  const weight = Number(a[`${NGINX}canary-weight`] ?? '0');
  const total = Number(a[`${NGINX}canary-weight-total`] ?? '100');
  if (!(total > 0) || !(weight > 0)) return { share: 0, reason: 'no header, cookie or weight sends it to the canary' };
  const share = Math.min(1, weight / total);
  return { share, reason: `canary-weight ${weight} of ${total}` };
}

function tlsFor(ingresses: readonly IngressSpec[], host: string): { secret?: string; covered: boolean } {
  for (const ing of [...ingresses].sort((x, y) => age(x) - age(y))) {
    for (const t of ing.tls) {
      if (t.hosts.some((h) => hostMatch(h, host) === 'exact' || hostMatch(h, host) === 'wildcard')) return { covered: true, ...(t.secretName ? { secret: t.secretName } : {}) };
    }
  }
  return { covered: false };
}

/** `sslRedirect`: whether http to a TLS host is redirected by default (ingress-nginx yes, cloud L7 load balancers no). */
export function routeIngress(ingresses: readonly IngressSpec[], req: HttpRequestParts, opts: { readonly sslRedirect: boolean } = { sslRedirect: true }): IngressRoute {
  const steps: string[] = [];
  const main = ingresses.filter((i) => !isCanary(i));
  const canaries = ingresses.filter(isCanary);
  const all = candidatesFor(main, req.host);
  const best = all.length === 0 ? undefined : Math.min(...all.map((c) => HOST_RANK[c.hostKind]));
  const server = all.filter((c) => HOST_RANK[c.hostKind] === best);
  const serverIngresses = [...new Set(server.map((c) => c.ingress))];
  if (server.length > 0) {
    const how = server[0]!.hostKind === 'exact' ? 'exactly' : server[0]!.hostKind === 'wildcard' ? `by the wildcard ${server[0]!.ruleHost}` : 'only by rules without a host (the catch-all server)';
    steps.push(`host ${req.host} is matched ${how}; server from ${serverIngresses.map((i) => `Ingress ${key(i)}`).join(', ')}`);
  } else steps.push(`no Ingress rule names host ${req.host}`);

  const tlsIngresses = serverIngresses.length > 0 ? serverIngresses : main;
  const tls = tlsFor(tlsIngresses, req.host);
  let tlsDecision: TlsDecision | undefined;
  if (req.scheme === 'https') {
    tlsDecision = { defaultCertificate: !tls.covered, ...(tls.secret ? { secret: tls.secret } : {}) };
    steps.push(
      tls.covered
        ? `TLS for ${req.host} terminated at the controller with secret ${tls.secret ?? '(none named: the default certificate)'}`
        : `no TLS entry covers ${req.host}: TLS terminated with the controller's default (fake) certificate`,
    );
  } else if (tls.covered && opts.sslRedirect) {
    const owner = tlsIngresses.find((i) => i.tls.length > 0);
    if (owner?.annotations[`${NGINX}ssl-redirect`] !== 'false') {
      steps.push(`${req.host} has TLS, so plain http is redirected to https (ssl-redirect, on by default)`);
      return { kind: 'redirect', location: `https://${req.host}${req.path}`, steps };
    }
  }

  const matching = server.filter((c) => pathMatches(c.pathType, c.path, req.path, useRegex(c.ingress)));
  matching.sort(
    (x, y) => y.path.length - x.path.length || (x.pathType === 'Exact' ? 0 : 1) - (y.pathType === 'Exact' ? 0 : 1) || age(x.ingress) - age(y.ingress),
  );
  const chosen = matching[0];
  if (!chosen) {
    if (server.length > 0) steps.push(`no path of that server matches ${req.path}`);
    const fallback =
      [...serverIngresses].sort((x, y) => age(x) - age(y)).find((i) => i.defaultBackend) ?? [...main].sort((x, y) => age(x) - age(y)).find((i) => i.defaultBackend);
    if (fallback?.defaultBackend) {
      steps.push(`defaultBackend of Ingress ${key(fallback)}: ${describeBackend(fallback.defaultBackend)}`);
      return {
        kind: 'backends',
        backends: [{ ingress: fallback, backend: fallback.defaultBackend, share: 1, route: `Ingress ${key(fallback)} defaultBackend`, canary: false }],
        ...(tlsDecision ? { tls: tlsDecision } : {}),
        steps,
      };
    }
    steps.push("the controller's own default backend answers 404 Not Found");
    return { kind: 'not-found', ...(tlsDecision ? { tls: tlsDecision } : {}), steps };
  }
  const others = matching.slice(1).map((c) => `${c.path} (${c.pathType})`);
  steps.push(`path ${req.path} → ${chosen.path} (${chosen.pathType})${others.length > 0 ? `, chosen over ${others.join(', ')}: longest path first, Exact before Prefix` : ''}`);
  const mainRoute: RoutedBackend = { ingress: chosen.ingress, backend: chosen.backend, share: 1, route: routeText(chosen), canary: false };

  // A canary Ingress for the same host and path takes its share.
  const canary = candidatesFor(canaries, req.host).find((c) => c.path === chosen.path && c.pathType === chosen.pathType && c.hostKind === chosen.hostKind);
  if (!canary) return { kind: 'backends', backends: [mainRoute], ...(tlsDecision ? { tls: tlsDecision } : {}), steps };
  const { share, reason } = canaryShare(canary.ingress, req);
  steps.push(`canary Ingress ${key(canary.ingress)}: ${reason} → ${percentText(share)} of these requests to ${describeBackend(canary.backend)}`);
  const canaryRoute: RoutedBackend = { ingress: canary.ingress, backend: canary.backend, share, route: `${routeText(canary)} [canary]`, canary: true };
  const backends = share >= 1 ? [canaryRoute] : share <= 0 ? [mainRoute] : [{ ...mainRoute, share: 1 - share }, canaryRoute];
  return { kind: 'backends', backends, ...(tlsDecision ? { tls: tlsDecision } : {}), steps };
}
