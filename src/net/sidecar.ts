/**
 * The destination's Istio sidecar (istio-proxy), the stage after NetworkPolicy let a connection
 * reach a pod: the pod's AuthorizationPolicies judge it (semantics, with citations:
 * src/mesh/authorization.ts; which pods have a sidecar: src/mesh/sidecar.ts).
 * - Only TCP meets the sidecar (its iptables rules redirect TCP alone); a probe without a port
 *   tests only the address. A cluster without AuthorizationPolicies adds nothing to a trace.
 * - A pod without a sidecar enforces no AuthorizationPolicy: the trace says so when one selects it.
 * - The client has a principal and a namespace only when it is a pod with a sidecar (mutual TLS)
 *   that knows the destination: traffic its Sidecar resource does not import and ALLOW_ANY passes
 *   through leaves as plain text (sidecar-egress.ts), or an Istio gateway proxy (a pod an Istio
 *   Gateway selects, src/mesh/gateway-routing.ts): it is an Envoy of the mesh with the identity
 *   of its service account and, with Istio's automatic mutual TLS (on by default), talks mutual
 *   TLS to destinations with a sidecar
 *   (https://istio.io/latest/docs/concepts/security/#authentication-architecture, "Auto mutual TLS");
 *   its address is the one the packet carries here (after any masquerade).
 * - Denied, a TCP connection is accepted by the proxy and closed by its RBAC filter: the client
 *   sees a reset (`refused`, cause policy: NetworkPolicy only ever drops, so `refused` by policy
 *   is always the sidecar); an HTTP request gets 403 `RBAC: access denied`
 *   (the proxy answering it reads the flow's cause).
 * - PeerAuthentication (src/mesh/peer-authentication.ts) comes first: the workload port's mutual
 *   TLS mode decides whether the client talks mutual TLS (a client with a sidecar, unless the
 *   mode is DISABLE) or plain text (no principal, no namespace for AuthorizationPolicies); a
 *   STRICT sidecar resets a plain-text connection (`refused`, cause policy; an HTTP request gets
 *   no status: a proxy in front answers 502), the trace naming the PeerAuthentication and mode.
 *   A cluster without PeerAuthentications adds no mTLS hop; Istio's default is PERMISSIVE.
 */
import type { ClusterState, PodState } from '../model/state.js';
import { authorize, ruleText, type MeshClient, type MeshVerdict } from '../mesh/authorization.js';
import { applicablePolicies } from '../mesh/authorization.js';
import { principalOf } from '../mesh/sidecar.js';
import { selectsProxy } from '../mesh/gateway-routing.js';
import { podSidecar } from './pod-sidecar.js';
import { passedThrough } from './sidecar-egress.js';
import { applyingPeerAuthentications, mtlsMode, mtlsOutcome, mtlsRule, mtlsSourceText } from '../mesh/peer-authentication.js';
import type { Hop } from './types.js';
import { fail, hop, type Walk } from './walk.js';
import type { Flow } from './types.js';
import { assertNever } from '../spec/never.js';

/** The client as the destination's sidecar sees it (its identity only when it has a sidecar). */
function meshClient(state: ClusterState, w: Walk): { readonly client: MeshClient; readonly text: string } {
  const ip = w.packet.src;
  const { dst, dstPort: port } = w.packet;
  const pod = w.origin.kind === 'pod' ? w.origin.pod : undefined;
  if (!pod) return { client: { ip }, text: `${ip} (no sidecar: plain text, no principal)` };
  const side = podSidecar(state, pod);
  const gateway = side.injected ? undefined : state.spec.istioGateways.find((g) => selectsProxy(g, pod.spec.labels));
  if (gateway) {
    const principal = principalOf(pod.namespace, pod.spec.serviceAccount);
    return {
      client: { ip, identity: { namespace: pod.namespace, principal, serviceAccount: pod.spec.serviceAccount ?? 'default' } },
      text: `pod ${pod.key} (the proxy of Istio Gateway ${gateway.namespace}/${gateway.name}: mutual TLS as ${principal})`,
    };
  }
  if (!side.injected) return { client: { ip }, text: `pod ${pod.key} (no sidecar: ${side.why}; plain text, no principal)` };
  if (passedThrough(state, pod, dst, port)) return { client: { ip }, text: `pod ${pod.key} (its sidecar does not import this destination and passes it through: plain text, no principal)` };
  const principal = principalOf(pod.namespace, pod.spec.serviceAccount);
  return {
    client: { ip, identity: { namespace: pod.namespace, principal, serviceAccount: pod.spec.serviceAccount ?? 'default' } },
    text: `pod ${pod.key} (mutual TLS as ${principal})`,
  };
}

/** The last hop's rule of a connection a STRICT sidecar reset starts with this. */
const MTLS_RULE = 'PeerAuthentication';

/**
 * Whether the flow ended in a reset by a sidecar (a STRICT sidecar refusing plain text, or a
 * client's REGISTRY_ONLY Sidecar, sidecar-egress.ts), not in an AuthorizationPolicy's 403: the
 * last hop's rule names a PeerAuthentication or a Sidecar.
 */
export function refusedByProxyReset(f: Flow): boolean {
  const rule = f.hops[f.hops.length - 1]?.rule;
  return f.outcome === 'refused' && f.cause === 'policy' && rule !== undefined && (rule.startsWith(`${MTLS_RULE} `) || rule.startsWith('Sidecar '));
}

/**
 * PeerAuthentication at the pod's sidecar: the walk on (with the client as the sidecar sees
 * it: plain text under DISABLE), or the reset of a plain-text connection under STRICT.
 */
function mtlsGate(state: ClusterState, pod: PodState, w: Walk, at: string, seen: { readonly client: MeshClient; readonly text: string }): { readonly walk: Walk; readonly client: MeshClient; readonly text: string } | Flow {
  const peers = state.spec.peerAuthentications;
  if (peers.length === 0) return { walk: w, ...seen };
  const decision = mtlsMode(peers, pod.namespace, pod.spec.labels, w.packet.dstPort);
  const outcome = mtlsOutcome(decision.mode, seen.client.identity !== undefined);
  const rule = mtlsRule(decision);
  const what = w.request ? `${w.request.method} ${w.request.path}` : 'TCP connection';
  const by = mtlsSourceText(decision);
  const base = (text: string): Hop => ({ stage: 'policy', at, text: `istio-proxy of pod ${pod.key}: ${what} from ${text}`, ...(rule ? { rule } : {}) });
  switch (outcome) {
    case 'refused':
      return fail(hop(w, base(`${seen.text}: plain text refused by ${by}`)), 'refused', 'policy', {
        stage: 'policy',
        at,
        text: 'the sidecar requires mutual TLS and resets the plain-text connection: the client sees a reset (no HTTP status)',
        rule: rule ?? MTLS_RULE,
      });
    case 'plain-text': {
      if (seen.client.identity === undefined) return { walk: hop(w, base(`${seen.text}: plain text accepted by ${by}`)), ...seen };
      const text = `${seen.text.replace(/ \(mutual TLS as [^)]*\)$/, '')} (its sidecar sends plain text: ${by}; no principal)`;
      return { walk: hop(w, base(`${text}: accepted`)), client: { ip: seen.client.ip }, text };
    }
    case 'mutual-tls':
      return { walk: hop(w, base(`${seen.text}: mutual TLS accepted by ${by}`)), ...seen };
    default:
      return assertNever(outcome);
  }
}

function verdictText(v: MeshVerdict): { readonly text: string; readonly rule?: string } {
  switch (v.kind) {
    case 'no-policy':
      return { text: 'no AuthorizationPolicy applies' };
    case 'allowed':
      return v.by ? { text: `allowed by ${ruleText(v.by)}`, rule: ruleText(v.by) } : { text: 'allowed: no DENY rule matches and no ALLOW policy applies' };
    case 'denied':
      return { text: `denied by ${ruleText(v.by)} (a DENY match wins over any ALLOW)`, rule: ruleText(v.by) };
    case 'not-allowed':
      return { text: `denied: no rule of the ALLOW polic${v.allowPolicies.length === 1 ? 'y' : 'ies'} ${v.allowPolicies.join(', ')} matches`, rule: `AuthorizationPolicy ${v.allowPolicies.join(', ')} (ALLOW)` };
    default:
      return assertNever(v);
  }
}

export function sidecarGate(state: ClusterState, pod: PodState, w: Walk, at: string): Walk | Flow {
  const policies = state.spec.authorizationPolicies;
  const peers = state.spec.peerAuthentications;
  const { protocol, dstPort, dst } = w.packet;
  if ((policies.length === 0 && peers.length === 0) || protocol !== 'TCP' || dstPort === 0) return w;
  const side = podSidecar(state, pod);
  if (!side.injected) {
    const applying = applyingPeerAuthentications(peers, pod.namespace, pod.spec.labels);
    const kinds = [
      ...(applicablePolicies(policies, pod.namespace, pod.spec.labels).length > 0 ? ['AuthorizationPolicies'] : []),
      ...(applying.mesh || applying.namespace || applying.workload ? ['PeerAuthentications (it accepts plain text)'] : []),
    ];
    if (kinds.length === 0) return w;
    return hop(w, { stage: 'policy', at, text: `pod ${pod.key} has no Istio sidecar (${side.why}), so its ${kinds.join(' and ')} are not enforced` });
  }
  const gated = mtlsGate(state, pod, w, at, meshClient(state, w));
  if ('outcome' in gated) return gated;
  const { walk, client, text: who } = gated;
  if (policies.length === 0) return walk;
  const verdict = authorize(policies, { client, destination: { namespace: pod.namespace, labels: pod.spec.labels, ip: dst }, port: dstPort, ...(walk.request ? { request: walk.request } : {}) });
  if (verdict.kind === 'no-policy') return walk;
  const { text, rule } = verdictText(verdict);
  const audit = verdict.audit ? `; audited by ${ruleText(verdict.audit)}` : '';
  const what = walk.request ? `${walk.request.method} ${walk.request.path}` : 'TCP connection';
  const base: Hop = { stage: 'policy', at, text: `istio-proxy of pod ${pod.key}: ${what} from ${who}: ${text}${audit}`, ...(rule ? { rule } : {}) };
  if (verdict.kind === 'allowed') return hop(walk, base);
  const ending = walk.request ? 'the proxy answers 403 Forbidden "RBAC: access denied"' : "the proxy accepted the connection and its RBAC filter closes it: the client sees a reset";
  return fail(hop(walk, base), 'refused', 'policy', { stage: 'policy', at, text: ending });
}
