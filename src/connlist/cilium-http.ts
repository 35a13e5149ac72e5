/**
 * How a connectivity list states Cilium's L7 HTTP rules (policy/cilium.ts, 11): a TCP port that an
 * allow rule with `rules.http` admits is listed with the requests Cilium's proxy lets through,
 * `TCP 80 (HTTP via Cilium's proxy, regular expressions: method GET; path /api/.*)`, beside the port lists of
 * connlist.ts (`connectionText`).
 *
 * Cilium's HTTP rule fields `method`, `path` and `host` are extended regular expressions matched
 * against the whole value, and `headers` name headers the request must carry, with a value when
 * given (https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples; api
 * PortRuleHTTP in cilium pkg/policy/api/http.go); they are printed as written, never rewritten as
 * Istio's patterns are (request-space.ts), so the text says they are regular expressions. One
 * rule is a rectangle `method …; path …; host …; header …` (a field left out is unrestricted),
 * several rules a union `[…] or […]`, a rule with no field every request (`HTTP via Cilium's
 * proxy: every request`: the port takes HTTP only through the proxy). The
 * rules are the union of those of every allow rule that filters the port (policy/cilium.ts
 * httpAllowedBy). When both ends' policies filter the port, a request must pass both proxies:
 * `egress …, then ingress …`.
 */
import type { CiliumHttpRule } from '../spec/cilium.js';
import type { CiliumL7 } from '../policy/cilium.js';

/** One HTTP rule as listed: its fields in Cilium's order, each a regular expression as written. */
function ruleText(r: CiliumHttpRule): string {
  const parts = [
    ...(r.method === undefined ? [] : [`method ${r.method}`]),
    ...(r.path === undefined ? [] : [`path ${r.path}`]),
    ...(r.host === undefined ? [] : [`host ${r.host}`]),
    ...r.headers.map((h) => (h.value === undefined ? `header ${h.name}` : `header ${h.name}: ${h.value}`)),
  ];
  return parts.join('; ');
}

/** The requests one end's proxy lets through: the union of the HTTP rules of every filtering allow rule. */
function sideText(l7: readonly CiliumL7[]): string {
  const texts = [...new Set(l7.flatMap((x) => x.http.map(ruleText)))];
  if (texts.length === 0 || texts.includes('')) return 'every request';
  return texts.length === 1 ? texts[0]! : texts.map((t) => `[${t}]`).join(' or ');
}

/** The text of a port whose requests Cilium's proxy filters at the source's end (egress), the destination's (ingress) or both. */
export function ciliumHttpText(egress: readonly CiliumL7[] | undefined, ingress: readonly CiliumL7[] | undefined): string {
  const sides = [...(egress === undefined ? [] : [{ name: 'egress', l7: egress }]), ...(ingress === undefined ? [] : [{ name: 'ingress', l7: ingress }])];
  const texts = sides.map((s) => ({ name: s.name, text: sideText(s.l7) }));
  const body = texts.length === 1 ? texts[0]!.text : texts.map((s) => `${s.name} ${s.text}`).join(', then ');
  return texts.every((s) => s.text === 'every request') ? `HTTP via Cilium's proxy: ${body}` : `HTTP via Cilium's proxy, regular expressions: ${body}`;
}
