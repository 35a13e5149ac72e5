/**
 * The port a probe to a pod connects to (src/net/probe.ts): a number as given (its protocol
 * the declared port's, else TCP); a name is a container port name; no port is the pod's first
 * declared port, else port 0 (only the address is tested). ICMP has no port. Pods listen on
 * every interface, so a pod's ports are the same on its secondary networks.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { PodState } from '../model/state.js';

export function containerPort(pod: PodState, port: number | string | undefined, protocol: PacketProtocol | undefined): { port: number; protocol: PacketProtocol } | string {
  if (protocol === 'ICMP') return { port: 0, protocol };
  const ok = (c: PodState['spec']['ports'][number]): boolean => protocol === undefined || c.protocol === protocol;
  if (port === undefined) {
    const first = pod.spec.ports.find(ok);
    return first ? { port: first.containerPort, protocol: first.protocol } : { port: 0, protocol: protocol ?? 'TCP' };
  }
  if (typeof port === 'number') return { port, protocol: protocol ?? pod.spec.ports.find((c) => c.containerPort === port)?.protocol ?? 'TCP' };
  const named = pod.spec.ports.find((c) => c.name === port && ok(c));
  return named ? { port: named.containerPort, protocol: named.protocol } : `pod ${pod.key} has no container port named ${port}`;
}
