/**
 * k8s.ovn.org/v1 UserDefinedNetwork and ClusterUserDefinedNetwork → their specs, with the API's
 * validation of the network's shape (OVN-Kubernetes' CRDs,
 * https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/):
 * - `topology` is required, `Layer2` or `Layer3`; the configuration block is the one the topology
 *   names (`layer2` for Layer2, `layer3` for Layer3), required, and the other one is refused;
 * - the block's `role` is required, `Primary` or `Secondary`;
 * - a UserDefinedNetwork is namespaced (its network serves its own namespace: `spec.topology`,
 *   `spec.layer2|layer3`); a ClusterUserDefinedNetwork is cluster-scoped, with a required
 *   `spec.namespaceSelector` and the network under `spec.network`.
 * Subnets, IPAM and MTU are not read: netscn decides which pods share a network, not their addresses.
 */
import type { ClusterUserDefinedNetworkSpec, NetworkRole, NetworkTopology, UserDefinedNetworkSpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { readLabelSelector } from '../label-selector.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asMap, child, field, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';

const TOPOLOGIES: readonly NetworkTopology[] = ['Layer2', 'Layer3'];
const ROLES: readonly NetworkRole[] = ['Primary', 'Secondary'];

/** The configuration block each topology is configured in. */
const BLOCK: Readonly<Record<NetworkTopology, 'layer2' | 'layer3'>> = { Layer2: 'layer2', Layer3: 'layer3' };

/** A network's topology and role, read from the mapping `m` at `path`; undefined after an error. */
function readNetwork(r: Reader, m: LMap, path: string): { topology: NetworkTopology; role: NetworkRole } | undefined {
  const topoPath = child(path, 'topology');
  const topoNode = field(m, 'topology');
  if (topoNode === undefined) return missing(r, m, topoPath, 'Layer2 or Layer3');
  const topology = asEnum(r, topoNode, topoPath, TOPOLOGIES);
  if (topology === undefined) return undefined;
  const block = BLOCK[topology];
  const other = block === 'layer2' ? 'layer3' : 'layer2';
  const otherNode = field(m, other);
  if (otherNode !== undefined) {
    report(r, DIAG.conflict, 'error', `${child(path, other)}: topology ${topology} is configured in \`${block}\`, not \`${other}\``, otherNode.span, {
      help: `move the configuration to \`${block}\`, or set \`topology\` to match`,
    });
    return undefined;
  }
  const blockPath = child(path, block);
  const blockNode = field(m, block);
  if (blockNode === undefined) return missing(r, m, blockPath, `the ${topology} configuration (with its role)`);
  const bm = asMap(r, blockNode, blockPath);
  if (!bm) return undefined;
  const rolePath = child(blockPath, 'role');
  const roleNode = field(bm, 'role');
  if (roleNode === undefined) return missing(r, bm, rolePath, 'Primary or Secondary');
  const role = asEnum(r, roleNode, rolePath, ROLES);
  return role === undefined ? undefined : { topology, role };
}

export function userDefinedNetworkFromManifest(r: Reader, obj: RawObject): UserDefinedNetworkSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  if (specNode === undefined) return missing(r, obj.map, sp, 'the network: topology and its configuration');
  const spec = asMap(r, specNode, sp);
  const network = spec && readNetwork(r, spec, sp);
  if (!meta || !network) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', ...network, span: meta.span };
}

export function clusterUserDefinedNetworkFromManifest(r: Reader, obj: RawObject): ClusterUserDefinedNetworkSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const sp = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  if (specNode === undefined) return missing(r, obj.map, sp, 'a namespaceSelector and the network');
  const spec = asMap(r, specNode, sp);
  if (!spec) return undefined;
  const selPath = child(sp, 'namespaceSelector');
  const selNode = field(spec, 'namespaceSelector');
  const namespaceSelector = readLabelSelector(r, selNode, selPath);
  if (selNode === undefined) missing(r, spec, selPath, 'the namespaces the network serves (a label selector)');
  const netPath = child(sp, 'network');
  const netNode = field(spec, 'network');
  if (netNode === undefined) return missing(r, spec, netPath, 'the network: topology and its configuration');
  const net = asMap(r, netNode, netPath);
  const network = net && readNetwork(r, net, netPath);
  if (!meta || !network || !namespaceSelector) return undefined;
  return { name: meta.name, namespaceSelector, ...network, span: meta.span };
}
