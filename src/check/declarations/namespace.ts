/** `namespace NAME [labels …]` → a NamespaceSpec (a DNS-1123 label name, valid labels). */
import type { NamespaceSpec } from '../../spec/types.js';
import type { NamespaceDecl } from '../../syntax/ast.js';
import type { Ctx } from '../context.js';
import type { Converted } from './converted.js';
import { checkLabels } from './labels.js';
import { checkName } from './names.js';

export function convertNamespace(ctx: Ctx, d: NamespaceDecl): Converted {
  checkName(ctx, d.name.value, d.name.span, 'namespace', 'label');
  const spec: NamespaceSpec = { name: d.name.value, labels: checkLabels(ctx, d.labels), span: d.span };
  return { object: { kind: 'namespace', spec }, refs: [], span: d.span };
}
