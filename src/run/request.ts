/**
 * Request expectations over a request's flows: like reach (every path must meet the outcome
 * and cause), plus what the HTTP layer did: the status, the Service chosen, the share of
 * requests a Service gets (canary weights), where TLS ended, and X-Forwarded-For.
 */
import { percentText } from '../net/share.js';
import type { RequestExpectation } from '../check/scenario.js';
import type { Flow } from '../net/types.js';
import { evaluateReach, pathCount, type FlowVerdict } from './reach.js';

function svcName(s: { readonly namespace: string; readonly name: string } | undefined): string {
  return s ? `${s.namespace}/${s.name}` : '(none)';
}

function fail(message: string, counterexample?: Flow): FlowVerdict {
  return { passed: false, message, ...(counterexample ? { counterexample } : {}) };
}

/** Share of requests routed to each Service: each route's share counted once. */
export function sharesOf(flows: readonly Flow[]): Map<string, number> {
  const byRoute = new Map<string, { service: string; share: number }>();
  for (const f of flows) {
    if (!f.http?.backendService) continue;
    const key = `${f.http.route ?? ''}|${svcName(f.http.backendService)}`;
    byRoute.set(key, { service: svcName(f.http.backendService), share: f.http.share });
  }
  const out = new Map<string, number>();
  for (const { service, share } of byRoute.values()) out.set(service, (out.get(service) ?? 0) + share);
  return out;
}


export function evaluateRequest(flows: readonly Flow[], expect: RequestExpectation): FlowVerdict {
  if (flows.length === 0) return fail('the engine returned no flow for this request');
  if (expect.status !== undefined) {
    const bad = flows.find((f) => (f.http?.status ?? 0) !== expect.status);
    if (bad) return fail(`expected status ${expect.status}, got ${bad.http ? `status ${bad.http.status}` : `no HTTP answer (${bad.outcome}${bad.cause ? `, ${bad.cause}` : ''})`}`, bad);
  }
  if (expect.outcome !== undefined || expect.sourceSeen || expect.backends || expect.through || expect.masqueradeMark) {
    const reach = evaluateReach(flows, {
      outcome: expect.outcome ?? 'allow',
      ...(expect.through ? { through: expect.through } : {}),
      ...(expect.masqueradeMark ? { masqueradeMark: expect.masqueradeMark } : {}),
      ...(expect.intermittent ? { intermittent: true } : {}),
      outcomeSpan: expect.outcomeSpan,
      ...(expect.cause ? { cause: expect.cause } : {}),
      ...(expect.sourceSeen ? { sourceSeen: expect.sourceSeen } : {}),
      ...(expect.backends ? { backends: expect.backends } : {}),
    });
    if (!reach.passed) {
      const http = reach.counterexample?.http;
      return http ? { ...reach, message: `${reach.message} (HTTP ${http.status}${http.route ? `, ${http.route}` : ''})` } : reach;
    }
  }
  const allowed = flows.filter((f) => f.outcome === 'allow');
  if (expect.backendService) {
    const want = svcName(expect.backendService);
    const bad = allowed.find((f) => svcName(f.http?.backendService) !== want);
    if (bad) return fail(`expected backend svc ${want}, got svc ${svcName(bad.http?.backendService)}`, bad);
  }
  for (const share of expect.shares ?? []) {
    const want = svcName(share);
    const got = sharesOf(flows).get(want) ?? 0;
    if (Math.abs(got * 100 - share.percent) > 1e-9) {
      const all = [...sharesOf(flows)].map(([s, x]) => `${s} ${percentText(x)}`).join(', ');
      return fail(`expected svc ${want} to get ${share.percent}% of these requests, it gets ${percentText(got)} (${all || 'no Service'})`);
    }
  }
  if (expect.tlsAt) {
    const bad = flows.find((f) => f.http?.tls?.terminatedAt !== expect.tlsAt!.where);
    if (bad) return fail(`expected TLS terminated at the ${expect.tlsAt.where}, ${bad.http?.tls ? `it ends at the ${bad.http.tls.terminatedAt}` : 'but no TLS was terminated'}`, bad);
  }
  if (expect.xff) {
    for (const f of allowed) {
      const got = f.http?.xForwardedFor;
      if (expect.xff.mode === 'masqueraded') {
        if (got === undefined || got === f.sourceIp) return fail(`expected X-Forwarded-For to lose the client address, the backend got ${got ?? 'none'} (the client ${f.sourceIp})`, f);
        continue;
      }
      const want = expect.xff.mode === 'address' ? expect.xff.ip : f.sourceIp;
      if (got !== want) return fail(`expected X-Forwarded-For ${want}${expect.xff.mode === 'client' ? ' (the client)' : ''}, the backend got ${got ?? 'none'}`, f);
    }
  }
  const statuses = [...new Set(flows.map((f) => (f.http ? `HTTP ${f.http.status}` : f.outcome)))].join(', ');
  const paths = pathCount(flows);
  return { passed: true, message: `as expected on ${paths === 1 ? '1 path' : `all ${paths.toLocaleString('en-US')} paths`}: ${statuses}` };
}
