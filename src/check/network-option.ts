/**
 * `on network NAME` of a reach or ping assertion: the Multus secondary network the connection
 * travels on (src/net/secondary-network.ts states what is simulated). Checked against the
 * cluster as it stands: the NetworkAttachmentDefinition exists (a name alone is one of the
 * source pod's namespace, as in a pod's `k8s.v1.cni.cncf.io/networks` annotation, else of the
 * target pod's, else of `default`; NS2152 with the nearest name); no `via`, `at node` or `over` (NS2153); both ends a
 * pod or an address (NS2154). Assertions of many connections refuse it (NS2155, in assertions.ts).
 */
import { DIAG, message } from '../diag/catalogue.js';
import { didYouMean } from '../diag/suggest.js';
import type { QName, SourceRef, TargetRef, Word } from '../syntax/ast.js';
import { error, type Ctx } from './context.js';
import type { View } from './resolve.js';

/** The parts of an assertion `on network` reads. */
interface NetworkClauses {
  readonly network?: QName;
  readonly via?: Word;
  readonly atNode?: Word;
  readonly over?: Word;
  readonly source: SourceRef;
  readonly target: TargetRef;
}

/** What an end is, for NS2154. */
function endText(r: SourceRef | TargetRef): string | undefined {
  switch (r.kind) {
    case 'PodRef':
    case 'IpRef':
      return undefined;
    case 'SvcRef':
      return 'a Service';
    case 'DnsRef':
      return 'a DNS name';
    case 'NodeRef':
      return `node ${r.name.value}`;
    case 'HostRef':
      return `host ${r.name.value}`;
    case 'InternetRef':
      return 'the internet';
  }
}

/** `namespace/name` of the network, undefined when the assertion names none; ok false after an error. */
export function networkOption(ctx: Ctx, view: View, a: NetworkClauses): { ok: boolean; network?: string } {
  const q = a.network;
  if (!q) return { ok: true };
  let ok = true;
  const pod = a.source.kind === 'PodRef' ? a.source : a.target.kind === 'PodRef' ? a.target : undefined;
  const namespace = q.namespace ?? pod?.name.namespace ?? 'default';
  const key = `${namespace}/${q.name}`;
  const nads = view.spec.networkAttachments;
  if (!nads.some((n) => `${n.namespace}/${n.name}` === key)) {
    const here = nads.filter((n) => n.namespace === namespace).map((n) => n.name);
    const elsewhere = nads.find((n) => n.name === q.name);
    const notes = [
      ...(elsewhere ? [`there is a NetworkAttachmentDefinition \`${q.name}\` in namespace \`${elsewhere.namespace}\``] : []),
      ...(nads.length === 0 ? ['the cluster has no NetworkAttachmentDefinition at all (load one, or write it in a `yaml` block)'] : []),
    ];
    const help = didYouMean(q.name, here) ?? (elsewhere ? `write \`${elsewhere.namespace}/${q.name}\`` : undefined);
    error(ctx, DIAG.unknownNetwork, q.span, message(DIAG.unknownNetwork, { network: key }), {
      label: 'no such network',
      ...(nads.length > 0 ? { expected: nads.map((n) => `\`${n.namespace}/${n.name}\``).join(', ') } : {}),
      notes,
      help,
    });
    ok = false;
  }
  const clauses: [string, Word | undefined][] = [['via', a.via], ['at node', a.atNode], ['over', a.over]];
  for (const [clause, word] of clauses) {
    if (!word) continue;
    error(ctx, DIAG.networkClause, word.span, message(DIAG.networkClause, { clause }), {
      label: 'not with `on network`',
      help: 'remove it, or drop `on network` to test the pod network',
    });
    ok = false;
  }
  for (const end of [a.source, a.target]) {
    const text = endText(end);
    if (text === undefined) continue;
    error(ctx, DIAG.networkEnd, end.span, message(DIAG.networkEnd, { end: text }), {
      label: 'not on the network',
      notes: ['a secondary network carries traffic between the pods attached to it: no Service, DNS name, node, host or internet is on it'],
    });
    ok = false;
  }
  return ok ? { ok, network: key } : { ok };
}
