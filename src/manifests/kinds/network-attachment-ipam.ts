/**
 * The IPAM of a NetworkAttachmentDefinition's CNI config (`spec.config`, a JSON network
 * configuration or configuration list, https://www.cni.dev/docs/spec/): the `ipam` of the config,
 * or of the first plugin of its `plugins` that has one. Read (model/secondary-addresses.ts gives
 * the addresses):
 * - `static` (https://www.cni.dev/plugins/current/ipam/static/): `addresses[].address`;
 * - `host-local` (https://www.cni.dev/plugins/current/ipam/host-local/): `ranges` (range sets of
 *   `subnet`, `rangeStart`, `rangeEnd`), or one range from the top-level `subnet`, `rangeStart`,
 *   `rangeEnd`; a range starts by default at the subnet's `.2` (`.1` is the gateway's) and ends
 *   before its broadcast address;
 * - `whereabouts` (https://github.com/k8snetworkplumbingwg/whereabouts): `range` (a block, or
 *   `first-last/prefix`), `range_start`, `range_end`, `exclude`, and the range sets of
 *   `ipRanges`; a range starts by default after the block's network address.
 * Anything else (DHCP, no IPAM, another plugin) gives undefined: addresses unknown. A config that
 * is not JSON is reported (Multus refuses to attach pods to it) and gives undefined too.
 */
import { formatIpv4, parseCidr, parseIpv4 } from '../../address/ip.js';
import { DIAG } from '../../diag/catalogue.js';
import type { IpamRange, SecondaryIpam } from '../../spec/types.js';
import { report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';

type Json = Readonly<Record<string, unknown>>;

const asObject = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const asText = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const asList = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** The range of `block` from its address `skip` after the network address to the one before its broadcast, narrowed by `start`/`end`. */
function range(block: string, skip: number, start: string | undefined, end: string | undefined): IpamRange | undefined {
  const c = parseCidr(block);
  if (!c) return undefined;
  const first = start !== undefined && parseIpv4(start) !== undefined ? start : skip <= c.size - 2 ? formatIpv4(c.base + skip) : undefined;
  const last = end !== undefined && parseIpv4(end) !== undefined ? end : c.size > 2 ? formatIpv4(c.base + c.size - 2) : undefined;
  return first !== undefined && last !== undefined ? { cidr: c.text, start: first, end: last } : undefined;
}

function hostLocal(ipam: Json): SecondaryIpam {
  const one = (r: Json | undefined): IpamRange | undefined => {
    const subnet = asText(r?.['subnet']);
    return subnet === undefined ? undefined : range(subnet, 2, asText(r?.['rangeStart']), asText(r?.['rangeEnd']));
  };
  const sets = asList(ipam['ranges']).map((set) => asList(set).flatMap((r) => one(asObject(r)) ?? []));
  const top = one(ipam);
  return { kind: 'pool', plugin: 'host-local', rangeSets: [...(top ? [[top]] : []), ...sets].filter((s) => s.length > 0), exclude: [] };
}

function whereabouts(ipam: Json): SecondaryIpam {
  const one = (r: Json | undefined): IpamRange | undefined => {
    const text = asText(r?.['range']);
    if (text === undefined) return undefined;
    // `first-last/prefix` names the first and last addresses of the block.
    const dash = /^([\d.]+)-([\d.]+)(\/\d+)$/.exec(text);
    if (dash) return range(`${dash[1]!}${dash[3]!}`, 1, dash[1], dash[2]);
    return range(text, 1, asText(r?.['range_start']), asText(r?.['range_end']));
  };
  const exclude = [ipam, ...asList(ipam['ipRanges']).map(asObject)].flatMap((r) => asList(r?.['exclude']).flatMap((e) => asText(e) ?? []));
  const top = one(ipam);
  const sets = asList(ipam['ipRanges']).flatMap((r) => {
    const block = one(asObject(r));
    return block ? [[block]] : [];
  });
  return { kind: 'pool', plugin: 'whereabouts', rangeSets: [...(top ? [[top]] : []), ...sets], exclude };
}

/** The IPAM of the config text (`node` holds it, at `path`), or undefined (see the header). */
export function ipamOfConfig(r: Reader, text: string, node: LNode, path: string): SecondaryIpam | undefined {
  let config: Json | undefined;
  try {
    config = asObject(JSON.parse(text));
  } catch {
    config = undefined;
  }
  if (config === undefined) {
    report(r, DIAG.nadConfig, 'warning', `${path}: not a JSON object; the network's addresses are unknown`, node.span, {
      notes: ['Multus reads the CNI configuration from it, and fails to attach pods to a network it cannot read'],
    });
    return undefined;
  }
  const ipam = asObject(config['ipam']) ?? asList(config['plugins']).map((p) => asObject(asObject(p)?.['ipam'])).find((i) => i !== undefined);
  switch (ipam?.['type']) {
    case 'static': {
      const addresses = asList(ipam['addresses']).flatMap((a) => asText(asObject(a)?.['address'])?.split('/')[0] ?? []);
      return { kind: 'static', addresses };
    }
    case 'host-local':
      return hostLocal(ipam);
    case 'whereabouts':
      return whereabouts(ipam);
    default:
      return undefined;
  }
}
