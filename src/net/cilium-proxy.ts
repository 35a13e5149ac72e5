/**
 * Cilium's L7 proxy, the stage after policy let a connection reach a pod (policy/cilium.ts's
 * header, 11): when the allow rule that let the connection through filters its port with HTTP
 * rules (at the sender's egress or the destination's ingress), the request it carries goes through
 * Cilium's Envoy proxy on that node.
 * - Only requests meet it: a connection without one (a `reach` probe) is allowed at L4 and the
 *   trace's policy hop says its requests would be filtered. A cluster without Cilium policies, or
 *   a connection no L7 rule filters, adds nothing to the trace.
 * - A request matching an HTTP rule goes on (the hop names the rule); one matching none is
 *   answered 403 with the body `Access denied` by the proxy (`refused`, cause policy), and the
 *   flow says who answered (Flow.l7Denial) for the HTTP entry points to relay it.
 * Egress is judged with the sender as source, ingress with the address the destination sees, as
 * the policy stage does (policy-check.ts).
 */
import type { ClusterState, PodState } from '../model/state.js';
import { evaluatePolicies, type DirectionVerdict, type PolicyEndpoint } from '../policy/evaluate.js';
import { httpAllowedBy, ruleRefText } from '../policy/cilium.js';
import { addressEndpoint, originEndpoint, podEndpoint } from './policy-check.js';
import type { Flow } from './types.js';
import { fail, hop, type Walk } from './walk.js';

/** The body Cilium's proxy answers a denied request with. */
export const CILIUM_DENIED_BODY = 'Access denied';

export function ciliumProxyGate(state: ClusterState, pod: PodState, w: Walk, at: string): Walk | Flow {
  const request = w.request;
  const { protocol, dstPort, src: packetSrc } = w.packet;
  if (request === undefined || state.policyIndex.cilium === undefined || protocol !== 'TCP' || dstPort === 0) return w;
  const dst = podEndpoint(pod, w.packet.dst);
  const sender = originEndpoint(w.origin);
  const seen: PolicyEndpoint = packetSrc === w.origin.ip ? sender : addressEndpoint(state, packetSrc);
  const egress = evaluatePolicies(state.policyIndex, { src: sender, dst, port: dstPort, protocol }).egress;
  const ingress = evaluatePolicies(state.policyIndex, { src: seen, dst, port: dstPort, protocol }).ingress;
  const senderNode = w.origin.kind === 'outside' ? undefined : w.origin.node.name;
  const what = `${request.method} ${request.path}`;
  let walk = w;
  for (const [verdict, node, side] of [
    [egress, senderNode, 'egress'],
    [ingress, at, 'ingress'],
  ] as const) {
    const l7 = filtering(verdict);
    if (l7 === undefined) continue;
    const where = node === undefined ? {} : { at: node };
    const rules = l7.map((x) => ruleRefText(x.by)).join(', ');
    const allowed = httpAllowedBy(l7, request);
    if (allowed !== undefined) {
      const rule = ruleRefText(allowed.by);
      walk = hop(walk, { stage: 'policy', ...where, text: `Cilium's proxy (${side}): ${what} matches ${rule}, HTTP rule #${allowed.httpIndex + 1}: forwarded`, rule: allowed.by.entry.label });
      continue;
    }
    const proxy = `Cilium's proxy${node === undefined ? '' : ` on node ${node}`}`;
    const checked = hop(walk, { stage: 'policy', ...where, text: `${proxy} (${side}): ${what} matches no HTTP rule of ${rules}`, rule: rules });
    const flow = fail(checked, 'refused', 'policy', { stage: 'policy', ...where, text: `the proxy answers 403 Forbidden "${CILIUM_DENIED_BODY}"` });
    return { ...flow, l7Denial: { proxy, body: CILIUM_DENIED_BODY } };
  }
  return walk;
}

/** The HTTP rules of a Cilium allow whose requests the proxy filters; undefined otherwise. */
function filtering(v: DirectionVerdict | undefined): Extract<DirectionVerdict, { kind: 'cilium' }>['l7'] {
  return v?.kind === 'cilium' && v.action === 'Allow' ? v.l7 : undefined;
}
