/**
 * Object names: the Kubernetes naming rules a declared name must follow (DNS-1123 label or
 * subdomain, DNS-1035 label, IANA service name for ports) and the namespace of `kind name [in ns]`.
 */
import type { Span } from '../../spec/types.js';
import type { QName, Word } from '../../syntax/ast.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem } from '../values.js';

type NameRule = 'label' | 'subdomain' | 'dns1035';

export function checkName(ctx: Ctx, name: string, span: Span, what: string, rule: NameRule): void {
  const problem = rule === 'label' ? dns1123LabelProblem(name) : rule === 'subdomain' ? dns1123SubdomainProblem(name) : dns1035LabelProblem(name);
  if (!problem) return;
  const kind = rule === 'label' ? 'a DNS-1123 label' : rule === 'subdomain' ? 'a DNS-1123 subdomain' : 'a DNS-1035 label';
  const lower = name.toLowerCase().replace(/_/g, '-');
  const fixed = lower !== name && !(rule === 'label' ? dns1123LabelProblem(lower) : rule === 'subdomain' ? dns1123SubdomainProblem(lower) : dns1035LabelProblem(lower));
  error(ctx, DIAG.invalidName, span, message(DIAG.invalidName, { what, name }), {
    label: problem,
    notes: [`${what} names must be ${kind}`],
    help: fixed ? `write \`${lower}\`` : undefined,
  });
}

/** The namespace and name of `kind name [in ns]`; `ns/name` and `in ns` must agree. Default namespace: `default`. */
export function qualify(ctx: Ctx, q: QName, inClause: Word | undefined, what: string): { namespace: string; name: string; nsSpan: Span } {
  if (q.namespace !== undefined && inClause && inClause.value !== q.namespace) {
    error(ctx, DIAG.conflictingNamespace, inClause.span, message(DIAG.conflictingNamespace, { what, name: `${q.namespace}/${q.name}`, namespace: inClause.value }), {
      label: `conflicts with the namespace \`${q.namespace}\` in the name`,
      help: 'give the namespace once: either `ns/name` or `in ns`',
    });
  }
  const namespace = q.namespace ?? inClause?.value ?? 'default';
  return { namespace, name: q.name, nsSpan: inClause?.span ?? q.span };
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function checkPortName(ctx: Ctx, name: Word): boolean {
  if (name.value.length <= 15 && IANA_SVC_NAME.test(name.value) && !name.value.includes('--')) return true;
  error(ctx, DIAG.invalidName, name.span, message(DIAG.invalidName, { what: 'port', name: name.value }), {
    label: 'not an IANA service name',
    notes: ["a port name has at most 15 lower-case letters, digits and '-', with at least one letter, no '--', and no '-' at either end"],
  });
  return false;
}
