/**
 * The destination's Istio sidecar (istio-proxy), the stage after NetworkPolicy let a connection
 * reach a pod: the pod's AuthorizationPolicies judge it (semantics, with citations:
 * src/mesh/authorization.ts; which pods have a sidecar: src/mesh/sidecar.ts).
 * - Only TCP meets the sidecar (its iptables rules redirect TCP alone); a probe without a port
 *   tests only the address. A cluster without AuthorizationPolicies adds nothing to a trace.
 * - A pod without a sidecar enforces no AuthorizationPolicy: the trace says so when one selects it.
 * - The client has a principal and a namespace only when it is a pod with a sidecar (mutual TLS);
 *   its address is the one the packet carries here (after any masquerade).
 * - Denied, a TCP connection is accepted by the proxy and closed by its RBAC filter: the client
 *   sees a reset (`refused`, cause policy: NetworkPolicy only ever drops, so `refused` by policy
 *   is always the sidecar); an HTTP request gets 403 `RBAC: access denied`
 *   (the proxy answering it reads the flow's cause).
 */
import type { ClusterState, PodState } from '../model/state.js';
import { authorize, ruleText, type MeshClient, type MeshVerdict } from '../mesh/authorization.js';
import { applicablePolicies } from '../mesh/authorization.js';
import { principalOf, sidecarOf } from '../mesh/sidecar.js';
import type { Hop } from './types.js';
import { fail, hop, type Walk } from './walk.js';
import type { Flow } from './types.js';
import { assertNever } from '../spec/never.js';

/** Whether the pod runs a sidecar, and why. */
export function podSidecar(state: ClusterState, pod: PodState): ReturnType<typeof sidecarOf> {
  return sidecarOf({
    namespace: pod.namespace,
    namespaceLabels: state.namespaces.get(pod.namespace)?.labels ?? {},
    podLabels: pod.spec.labels,
    podAnnotation: pod.spec.sidecarInject,
    hostNetwork: pod.spec.hostNetwork,
  });
}

/** The client as the destination's sidecar sees it. */
function meshClient(state: ClusterState, w: Walk): { readonly client: MeshClient; readonly text: string } {
  const ip = w.packet.src;
  const pod = w.origin.kind === 'pod' ? w.origin.pod : undefined;
  if (!pod) return { client: { ip }, text: `${ip} (no sidecar: plain text, no principal)` };
  const side = podSidecar(state, pod);
  if (!side.injected) return { client: { ip }, text: `pod ${pod.key} (no sidecar: ${side.why}; plain text, no principal)` };
  const principal = principalOf(pod.namespace, pod.spec.serviceAccount);
  return {
    client: { ip, identity: { namespace: pod.namespace, principal, serviceAccount: pod.spec.serviceAccount ?? 'default' } },
    text: `pod ${pod.key} (mutual TLS as ${principal})`,
  };
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
  const { protocol, dstPort, dst } = w.packet;
  if (policies.length === 0 || protocol !== 'TCP' || dstPort === 0) return w;
  const side = podSidecar(state, pod);
  if (!side.injected) {
    if (applicablePolicies(policies, pod.namespace, pod.spec.labels).length === 0) return w;
    return hop(w, { stage: 'policy', at, text: `pod ${pod.key} has no Istio sidecar (${side.why}), so its AuthorizationPolicies are not enforced` });
  }
  const { client, text: who } = meshClient(state, w);
  const verdict = authorize(policies, { client, destination: { namespace: pod.namespace, labels: pod.spec.labels, ip: dst }, port: dstPort, ...(w.request ? { request: w.request } : {}) });
  if (verdict.kind === 'no-policy') return w;
  const { text, rule } = verdictText(verdict);
  const audit = verdict.audit ? `; audited by ${ruleText(verdict.audit)}` : '';
  const what = w.request ? `${w.request.method} ${w.request.path}` : 'TCP connection';
  const base: Hop = { stage: 'policy', at, text: `istio-proxy of pod ${pod.key}: ${what} from ${who}: ${text}${audit}`, ...(rule ? { rule } : {}) };
  if (verdict.kind === 'allowed') return hop(w, base);
  const ending = w.request ? 'the proxy answers 403 Forbidden "RBAC: access denied"' : "the proxy accepted the connection and its RBAC filter closes it: the client sees a reset";
  return fail(hop(w, base), 'refused', 'policy', { stage: 'policy', at, text: ending });
}
