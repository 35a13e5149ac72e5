/**
 * networking.istio.io/v1 (v1beta1, v1alpha3) Sidecar → SidecarSpec, validated as Istio's
 * webhook does (https://istio.io/latest/docs/reference/config/networking/sidecar/; semantics in
 * src/mesh/egress-scope.ts):
 * - `workloadSelector.labels`; `egress` listeners with an optional `port.number` (1-65535) and
 *   `hosts`, each `namespace/dnsName` (namespace a name, `.`, `*` or `~`); an egress listener
 *   needs at least one host;
 * - `outboundTrafficPolicy.mode` is ALLOW_ANY or REGISTRY_ONLY (an `egressProxy` is not
 *   simulated: the policy is read without it, with a warning);
 * - `ingress` and `inboundConnectionPool` are accepted and not simulated (they change no
 *   reachability the model shows); an unknown field is an error naming the fields there are.
 */
import type { OutboundTrafficPolicy, SidecarEgressListener, SidecarSpec } from '../../spec/istio-sidecar.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, asStringMap, child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { unknownFields } from './authorization-policy.js';

const POLICIES: readonly OutboundTrafficPolicy[] = ['ALLOW_ANY', 'REGISTRY_ONLY'];

/** `namespace/dnsName`, as the egress hosts of a Sidecar are written (an FQDN may end in a dot). */
const EGRESS_HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?|\.|\*|~)\/(\*|(\*\.)?[A-Za-z0-9*]([-A-Za-z0-9.]*[A-Za-z0-9])?\.?)$/;

export function istioSidecarFromManifest(r: Reader, obj: RawObject): SidecarSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['workloadSelector', 'ingress', 'egress', 'outboundTrafficPolicy', 'inboundConnectionPool']);
  const wp = child(sp, 'workloadSelector');
  const ws = asMap(r, field(spec, 'workloadSelector'), wp);
  if (ws) unknownFields(r, ws, wp, ['labels']);
  const labels = ws ? asStringMap(r, field(ws, 'labels'), child(wp, 'labels')) : {};
  const ep = child(sp, 'egress');
  const egress = asSeq(r, field(spec, 'egress'), ep).flatMap((n, i) => {
    const l = readEgress(r, n, child(ep, i));
    return l ? [l] : [];
  });
  const op = child(sp, 'outboundTrafficPolicy');
  const otp = asMap(r, field(spec, 'outboundTrafficPolicy'), op);
  if (otp) unknownFields(r, otp, op, ['mode', 'egressProxy']);
  const policy = otp ? asEnum(r, field(otp, 'mode'), child(op, 'mode'), POLICIES) ?? 'REGISTRY_ONLY' : undefined;
  const proxy = otp ? field(otp, 'egressProxy') : undefined;
  if (proxy) report(r, DIAG.approximated, 'warning', `${child(op, 'egressProxy')}: an egress proxy for unknown traffic is not simulated; the policy is read without it`, proxy.span);
  if (!meta || (!spec && field(obj.map, 'spec') !== undefined)) return undefined;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    ...(Object.keys(labels).length > 0 ? { workloadSelector: labels } : {}),
    egress,
    ...(policy ? { outboundTrafficPolicy: policy } : {}),
    span: meta.span,
  };
}

function readEgress(r: Reader, n: LNode, path: string): SidecarEgressListener | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['port', 'bind', 'captureMode', 'hosts']);
  const pp = child(path, 'port');
  const pm = asMap(r, field(m, 'port'), pp);
  if (pm) unknownFields(r, pm, pp, ['number', 'protocol', 'name', 'targetPort']);
  const port = pm ? asInt(r, field(pm, 'number'), child(pp, 'number'), 1, 65535) : undefined;
  const hp = child(path, 'hosts');
  const hosts = asSeq(r, field(m, 'hosts'), hp).flatMap((h, i) => {
    const s = asString(r, h, child(hp, i));
    if (s === undefined) return [];
    if (!EGRESS_HOST.test(s)) {
      report(r, DIAG.invalidValue, 'error', `${child(hp, i)}: expected namespace/dnsName (namespace a name, ".", "*" or "~"), found "${s}"`, h.span, {
        expected: 'namespace/dnsName',
        ...(!s.includes('/') ? { help: `did you mean \`*/${s}\`?` } : {}),
      });
      return [];
    }
    return [s];
  });
  if (field(m, 'hosts') === undefined) {
    report(r, DIAG.missingField, 'error', `${hp}: required field is missing (expected namespace/dnsName hosts)`, m.span, { expected: 'namespace/dnsName hosts' });
    return undefined;
  }
  return { ...(port !== undefined ? { port } : {}), hosts };
}
