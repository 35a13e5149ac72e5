/**
 * Controller owner references that name no kind. The manifest reader drops them (an owner needs
 * a kind), but netpol-analyzer still groups such pods under the owner's name, printed as
 * `namespace/owner[Pod]`; connlist follows it. Read leniently from the parsed documents
 * (lenient-documents.ts).
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `namespace/pod` → owner name, for Pods whose controller reference has a name and no kind. */
export function kindlessOwners(documents: readonly unknown[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const visit = (o: unknown): void => {
    if (!isObj(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) return o.items.forEach(visit);
    if (o.kind !== 'Pod' || !isObj(o.metadata)) return;
    const { name, namespace, ownerReferences } = o.metadata;
    if (typeof name !== 'string' || !Array.isArray(ownerReferences)) return;
    const ref = ownerReferences.find((x): x is Obj => isObj(x) && x.controller === true);
    if (ref === undefined || typeof ref.name !== 'string' || (typeof ref.kind === 'string' && ref.kind !== '')) return;
    out.set(`${typeof namespace === 'string' ? namespace : 'default'}/${name}`, ref.name);
  };
  documents.forEach(visit);
  return out;
}
