/**
 * security.istio.io/v1 (and v1beta1) PeerAuthentication → PeerAuthenticationSpec, validated as
 * Istio's validating webhook does (https://istio.io/latest/docs/reference/config/security/peer_authentication/;
 * semantics in src/mesh/peer-authentication.ts):
 * - `spec` holds `selector` (matchLabels only), `mtls` (`mode`) and `portLevelMtls`; an unknown
 *   field is an error naming the fields the object has (with did-you-mean);
 * - a mode is UNSET, DISABLE, PERMISSIVE or STRICT; an absent `mtls` or `mode` is UNSET;
 * - `portLevelMtls` keys are ports 1-65535, each with a `mode`; the map, when given, is not
 *   empty, and only a policy with a (non-empty) selector may have one ("mesh/namespace peer
 *   authentication cannot have port level mTLS"): otherwise an error (NS2104), as kubectl apply
 *   would refuse the object;
 * - an empty `matchLabels` is no selector (Istio's validation treats it so).
 */
import type { MtlsMode, PeerAuthenticationSpec, PortMtls } from '../../spec/peer-authentication.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asMap, asStringMap, child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';
import { unknownFields } from './authorization-policy.js';

const MODES: readonly MtlsMode[] = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];

export function peerAuthenticationFromManifest(r: Reader, obj: RawObject): PeerAuthenticationSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['selector', 'mtls', 'portLevelMtls']);
  const selPath = child(sp, 'selector');
  const selMap = asMap(r, field(spec, 'selector'), selPath);
  if (selMap) unknownFields(r, selMap, selPath, ['matchLabels']);
  const matchLabels = selMap ? asStringMap(r, field(selMap, 'matchLabels'), child(selPath, 'matchLabels')) : {};
  const selector = Object.keys(matchLabels).length > 0 ? matchLabels : undefined;
  const mode = readMode(r, asMap(r, field(spec, 'mtls'), child(sp, 'mtls')), child(sp, 'mtls')) ?? 'UNSET';
  const portLevelMtls: PortMtls[] = [];
  const pp = child(sp, 'portLevelMtls');
  const ports = asMap(r, field(spec, 'portLevelMtls'), pp);
  if (ports) {
    for (const e of ports.entries) {
      const port = /^\d{1,5}$/.test(e.key) ? Number(e.key) : NaN;
      if (!(port >= 1 && port <= 65535)) {
        report(r, DIAG.invalidValue, 'error', `${child(pp, e.key)}: expected a port number 1-65535, found "${e.key}"`, e.keySpan, { expected: 'a port number 1-65535' });
        continue;
      }
      const m = asMap(r, e.value, child(pp, e.key));
      portLevelMtls.push({ port, mode: readMode(r, m, child(pp, e.key)) ?? 'UNSET' });
    }
    if (ports.entries.length === 0) report(r, DIAG.conflict, 'error', `${pp}: port level mTLS, when given, needs at least one port`, ports.span);
    else if (!selector) {
      report(r, DIAG.conflict, 'error', `${pp}: a mesh-wide or namespace-wide PeerAuthentication (no selector) cannot have port level mTLS`, ports.span, { help: 'add a selector, or move the ports into a workload policy' });
      return undefined;
    }
  }
  if (!meta || (!spec && field(obj.map, 'spec') !== undefined)) return undefined;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    ...(selector ? { selector } : {}),
    mode,
    portLevelMtls,
    span: meta.span,
  };
}

/** An `mtls` block's (or a port's) `mode`. */
function readMode(r: Reader, m: LMap | undefined, path: string): MtlsMode | undefined {
  if (!m) return undefined;
  unknownFields(r, m, path, ['mode']);
  return asEnum(r, field(m, 'mode'), child(path, 'mode'), MODES);
}
