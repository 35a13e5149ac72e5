/**
 * Reach expectations over a probe's flows. The engine enumerates every path a connection may
 * take (random endpoint choice, each node for a NodePort), so an expectation holds only if it
 * holds for every flow; a failure names the first counterexample.
 */
import { percentText } from '../net/share.js';
import { ipPort } from '../address/ip.js';
import type { ExpectedOutcome, ReachExpectation } from '../check/scenario.js';
import type { AlikeBackend, Backend, Cause, Flow } from '../net/types.js';
import { assertNever } from '../spec/never.js';

export interface FlowVerdict {
  readonly passed: boolean;
  readonly message: string;
  readonly counterexample?: Flow;
}

/** Whether one flow's outcome (and cause) satisfies an expected outcome. */
export function outcomeMatches(flow: Flow, expected: ExpectedOutcome | '*', cause?: Cause): boolean {
  if (expected === '*') return true;
  const outcomeOk = expected === 'deny' ? flow.outcome !== 'allow' : flow.outcome === expected;
  return outcomeOk && (cause === undefined || flow.cause === cause);
}

/** `timeout (security-group)`, `allow → shop/web-1`: a flow's result in a few words. */
export function describeOutcome(flow: Flow): string {
  if (flow.outcome === 'allow') {
    if (!flow.backend) return 'allow';
    const more = new Set(backendsOf(flow).map((b) => backendLabel(b.backend))).size - 1;
    return `allow → ${backendName(flow)}${more > 0 ? ` and ${more.toLocaleString('en-US')} more alike` : ''}`;
  }
  return flow.cause ? `${flow.outcome} (${flow.cause})` : flow.outcome;
}

/** How many concrete paths a flow stands for (more than one when the engine summarised paths alike). */
export function pathsOf(flow: Flow): number {
  return flow.alike?.paths ?? 1;
}

/** The number of paths of these flows, summarised ones counted in full. */
export function pathCount(flows: readonly Flow[]): number {
  return flows.reduce((a, f) => a + pathsOf(f), 0);
}

/** Every backend a flow lands on with its share: its own, or its class's when summarised. */
export function backendsOf(flow: Flow): readonly AlikeBackend[] {
  if (flow.alike?.backends) return flow.alike.backends;
  return flow.backend ? [{ backend: flow.backend, share: flow.share ?? 1 }] : [];
}


export function backendName(flow: Flow): string {
  return flow.backend ? backendLabel(flow.backend) : '(nowhere)';
}

/** `shop/web-1`, `host db`, `node n1` or `10.0.0.5:80`: where a connection landed. */
export function backendLabel(b: Backend): string {
  if (b.pod) return `${b.pod.namespace}/${b.pod.name}`;
  if (b.host) return `host ${b.host}`;
  if (b.node) return `node ${b.node}`;
  return ipPort(b.ip, b.port);
}

function where(flow: Flow, all: readonly Flow[]): string {
  if (all.length <= 1) return '';
  return flow.branch ? ` on path "${flow.branch}"` : ` on path ${all.indexOf(flow) + 1} of ${all.length}`;
}

function expectedText(outcome: ExpectedOutcome, cause?: Cause): string {
  return cause ? `${outcome} by ${cause}` : outcome;
}

/** The source address the backend sees (undefined only when the engine did not say). */
function seenSource(flow: Flow): string | undefined {
  return flow.sourceSeen ?? (flow.masqueraded ? undefined : flow.sourceIp);
}

function rewritten(flow: Flow): boolean {
  const seen = flow.sourceSeen;
  return seen === undefined ? flow.masqueraded : seen !== flow.sourceIp;
}

export function evaluateReach(flows: readonly Flow[], expect: ReachExpectation): FlowVerdict {
  if (flows.length === 0) return { passed: false, message: `expected ${expectedText(expect.outcome, expect.cause)}, but the engine returned no flow` };
  if (expect.intermittent) {
    const ok = flows.filter((f) => f.outcome === 'allow');
    const failing = flows.filter((f) => f.outcome !== 'allow');
    const rate = percentOf(ok);
    const want = `intermittent${expect.cause ? ` by ${expect.cause}` : ''}`;
    if (ok.length === 0) return { passed: false, message: `expected ${want}, but every path fails (${[...new Set(flows.map(describeOutcome))].join(', ')})`, counterexample: flows[0] };
    if (failing.length === 0) return { passed: false, message: `expected ${want}, but every path succeeds (${[...new Set(flows.map(describeOutcome))].join(', ')})` };
    const wrong = expect.cause === undefined ? undefined : failing.find((f) => f.cause !== expect.cause);
    if (wrong) return { passed: false, message: `expected the failing paths to fail by ${expect.cause}, got ${describeOutcome(wrong)}${where(wrong, flows)}`, counterexample: wrong };
    const { cause: _cause, intermittent: _intermittent, ...extras } = expect;
    void _cause;
    void _intermittent;
    const rest = evaluateReach(ok, { ...extras, outcome: 'allow' });
    if (!rest.passed) return rest;
    return { passed: true, message: `intermittent: ${rate} of connections succeed (${pathCount(ok).toLocaleString('en-US')} of ${pathCount(flows).toLocaleString('en-US')} paths; the others ${[...new Set(failing.map(describeOutcome))].join(', ')})` };
  }
  const bad = flows.find((f) => !outcomeMatches(f, expect.outcome, expect.cause));
  if (bad) {
    return {
      passed: false,
      message: `expected ${expectedText(expect.outcome, expect.cause)}, got ${describeOutcome(bad)}${where(bad, flows)}`,
      counterexample: bad,
    };
  }
  for (const t of expect.through ?? []) {
    const f = flows.find((x) => x.hops.some((h) => h.stage === t.stage) === t.negated);
    if (f)
      return {
        passed: false,
        message: `expected ${t.negated ? 'no path' : 'every path'} through ${t.stage}, but ${f.branch !== undefined ? `the path ${f.branch}` : 'the path'} ${t.negated ? 'passes' : 'does not pass'} it${where(f, flows)}`,
        counterexample: f,
      };
  }
  const mark = expect.masqueradeMark;
  if (mark) {
    // kube-proxy's mark: its masquerade hop, whether or not the address changes (a node's own packet).
    const marked = (f: Flow): boolean => f.hops.some((h) => h.stage === 'kube-proxy' && (h.nat ?? []).some((n) => n.kind === 'masquerade'));
    const f = flows.find((x) => marked(x) !== mark.marked);
    if (f)
      return {
        passed: false,
        message: `expected kube-proxy ${mark.marked ? 'to mark the packet for masquerade' : 'not to mark the packet for masquerade'}, but it ${marked(f) ? 'does' : 'does not'}${where(f, flows)}`,
        counterexample: f,
      };
  }
  const allowed = flows.filter((f) => f.outcome === 'allow');
  const source = expect.sourceSeen;
  if (source) {
    for (const f of allowed) {
      const seen = seenSource(f) ?? 'a rewritten address';
      switch (source.mode) {
        case 'preserved':
          if (rewritten(f)) return { passed: false, message: `expected source preserved (${f.sourceIp}), backend saw ${seen}${where(f, flows)}`, counterexample: f };
          break;
        case 'masqueraded':
          if (!rewritten(f)) return { passed: false, message: `expected source masqueraded, backend saw the original ${f.sourceIp}${where(f, flows)}`, counterexample: f };
          break;
        case 'address': {
          const other = (f.alike?.sourcesSeen ?? [seenSource(f)]).find((x) => x !== source.ip);
          if (other !== undefined || seenSource(f) !== source.ip) return { passed: false, message: `expected source ${source.ip}, backend saw ${other ?? seen}${where(f, flows)}`, counterexample: f };
          break;
        }
        default:
          return assertNever(source);
      }
    }
  }
  if (expect.backends) {
    const want = expect.backends.pods.map((p) => `${p.namespace}/${p.name}`);
    const got = [...new Set(allowed.flatMap((f) => backendsOf(f).map((b) => backendLabel(b.backend))))];
    const missing = want.filter((w) => !got.includes(w));
    const extra = got.filter((g) => !want.includes(g));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length > 0 ? `never reaches ${missing.join(', ')}` : '',
        extra.length > 0 ? `also reaches ${extra.join(', ')}` : '',
      ].filter((s) => s !== '');
      const counterexample = allowed.find((f) => backendsOf(f).some((b) => extra.includes(backendLabel(b.backend))));
      return {
        passed: false,
        message: `expected backends ${want.join(', ')}, got ${got.length > 0 ? got.join(', ') : 'none'} (${parts.join('; ')})`,
        ...(counterexample ? { counterexample } : {}),
      };
    }
  }
  for (const want of expect.podShares ?? []) {
    const name = `${want.namespace}/${want.name}`;
    const shares = sharesByPod(allowed);
    const got = shares.get(name) ?? 0;
    // Two decimals of a percent: `33.33%` for a third.
    if (Math.abs(got * 100 - want.percent) > 0.005 + 1e-9) {
      const all = [...shares].map(([p, x]) => `${p} ${percentText(x)}`).join(', ');
      return { passed: false, message: `expected pod ${name} to get ${want.percent}% of these connections, it gets ${percentText(got)} (${all || 'no pod'})` };
    }
  }
  return { passed: true, message: passMessage(flows, expect) };
}

/** The fraction of connections landing on each pod (flows' shares summed per backend pod). */
export function sharesByPod(flows: readonly Flow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of flows)
    for (const { backend, share } of backendsOf(f)) {
      const pod = backend.pod;
      if (!pod) continue;
      const key = `${pod.namespace}/${pod.name}`;
      out.set(key, (out.get(key) ?? 0) + share);
    }
  return out;
}

/** The fraction of connections taking these paths, as a percentage. */
function percentOf(flows: readonly Flow[]): string {
  return percentText(flows.reduce((a, f) => a + (f.share ?? 1), 0));
}



function passMessage(flows: readonly Flow[], expect: ReachExpectation): string {
  const outcomes = [...new Set(flows.map(describeOutcome))];
  const paths = pathCount(flows);
  const n = paths === 1 ? '1 path' : `all ${paths.toLocaleString('en-US')} paths`;
  return `${expectedText(expect.outcome, expect.cause)} on ${n}: ${outcomes.join(', ')}`;
}

