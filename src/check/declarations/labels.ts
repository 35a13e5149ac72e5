/** Label and annotation lists: valid keys and values, each key once. */
import type { Labels, Span } from '../../spec/types.js';
import type { LabelPair } from '../../syntax/ast.js';
import { DIAG } from '../../diag/catalogue.js';
import { error, where, type Ctx } from '../context.js';
import { labelKeyProblem, labelValueProblem } from '../values.js';

export function checkLabels(ctx: Ctx, pairs: readonly LabelPair[], what = 'label'): Labels {
  const out: Record<string, string> = {};
  const seen = new Map<string, Span>();
  for (const p of pairs) {
    const keyProblem = labelKeyProblem(p.key);
    if (keyProblem) {
      error(ctx, DIAG.invalidLabel, p.span, `invalid ${what} key \`${p.key}\``, { label: keyProblem, notes: ['a key is an optional DNS-subdomain prefix and "/", then a name of at most 63 characters'] });
      continue;
    }
    const valueProblem = what === 'annotation' ? undefined : labelValueProblem(p.value);
    if (valueProblem) {
      error(ctx, DIAG.invalidLabel, p.span, `invalid ${what} value \`${p.value}\``, { label: valueProblem });
      continue;
    }
    const first = seen.get(p.key);
    if (first) {
      error(ctx, DIAG.duplicate, p.span, `${what} \`${p.key}\` is given twice`, { label: 'second value', notes: [`first given at ${where(first)}`] });
      continue;
    }
    seen.set(p.key, p.span);
    out[p.key] = p.value;
  }
  return out;
}
