/** Ports of a pod or an EndpointSlice (`[name:]port[/proto]`): valid numbers, names and protocols, none twice. */
import type { ContainerPort, Protocol } from '../../spec/types.js';
import type { PodPort, Word } from '../../syntax/ast.js';
import { DIAG } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import { checkPort } from '../values.js';
import { PROTOCOL_WORDS, lookup } from '../words.js';
import { checkPortName } from './names.js';

/** A port's protocol word (default TCP). */
export function protocolOf(ctx: Ctx, w: Word | undefined): Protocol | undefined {
  if (!w) return 'TCP';
  return lookup(ctx, w, PROTOCOL_WORDS, 'protocol');
}

export function convertPodPorts(ctx: Ctx, ports: readonly PodPort[], what: string): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const p of ports) {
    if (!checkPort(ctx, p.port)) continue;
    const protocol = protocolOf(ctx, p.protocol);
    if (!protocol) continue;
    if (p.name && !checkPortName(ctx, p.name)) continue;
    const clash = out.find((o) => (o.containerPort === p.port.value && o.protocol === protocol) || (p.name !== undefined && o.name === p.name.value));
    if (clash) {
      const byName = p.name !== undefined && clash.name === p.name.value;
      error(ctx, DIAG.duplicate, p.span, byName ? `port name \`${p.name?.value}\` is used twice in this ${what}` : `port ${p.port.value}/${protocol} is listed twice in this ${what}`, { label: 'second time' });
      continue;
    }
    out.push({ ...(p.name ? { name: p.name.value } : {}), containerPort: p.port.value, protocol });
  }
  return out;
}
