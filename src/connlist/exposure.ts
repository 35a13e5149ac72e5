/**
 * What Ingresses (networking.k8s.io/v1) and OpenShift Routes expose, for connectivity lists: the
 * (namespace, Service, port) each backend names. Read leniently from the YAML documents — these
 * kinds are not simulated yet (the Ingress work will model them fully), and connlist only needs
 * their backends. Services are read the same way, because a connectivity list must not lose an
 * exposed workload over a Service the strict loader rejects (e.g. unnamed multi-port Services).
 */
import { lenientDocuments } from './lenient-documents.js';

export interface Backend {
  readonly namespace: string;
  readonly service: string;
  /** Service port number or name (Ingress), or target port number or name (Route). */
  readonly port: number | string;
  readonly via: 'ingress' | 'route';
}

export interface LenientService {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly targetPort: number | string; readonly protocol: string }[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const portOf = (v: unknown): number | string | undefined => (typeof v === 'number' ? v : typeof v === 'string' ? (/^\d+$/.test(v) ? Number(v) : v) : undefined);

/** Every object of the documents, with `List` items flattened. */
function objects(documents: readonly unknown[]): Obj[] {
  const out: Obj[] = [];
  const add = (o: unknown): void => {
    if (!isObj(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List')) arr(o.items).forEach(add);
    else out.push(o);
  };
  documents.forEach(add);
  return out;
}

function meta(o: Obj): { name?: string; namespace: string } {
  const m = isObj(o.metadata) ? o.metadata : {};
  const name = str(m.name);
  return { ...(name !== undefined ? { name } : {}), namespace: str(m.namespace) ?? 'default' };
}

export function exposures(texts: readonly string[]): { backends: Backend[]; services: LenientService[] } {
  return exposuresOf(lenientDocuments(texts));
}

/** exposures of documents already parsed (lenient-documents.ts). */
export function exposuresOf(documents: readonly unknown[]): { backends: Backend[]; services: LenientService[] } {
  const backends: Backend[] = [];
  const services: LenientService[] = [];
  for (const o of objects(documents)) {
    const { name, namespace } = meta(o);
    const spec = isObj(o.spec) ? o.spec : {};
    if (o.kind === 'Ingress') {
      const add = (b: unknown): void => {
        const svc = isObj(b) && isObj(b.service) ? b.service : undefined;
        const port = svc && isObj(svc.port) ? (typeof svc.port.number === 'number' ? svc.port.number : str(svc.port.name)) : undefined;
        if (svc && str(svc.name) !== undefined && port !== undefined) backends.push({ namespace, service: str(svc.name)!, port, via: 'ingress' });
      };
      add(spec.defaultBackend);
      for (const rule of arr(spec.rules)) for (const p of arr(isObj(rule) && isObj(rule.http) ? rule.http.paths : [])) if (isObj(p)) add(p.backend);
    } else if (o.kind === 'Route') {
      const to = isObj(spec.to) ? spec.to : {};
      const port = isObj(spec.port) ? portOf(spec.port.targetPort) : undefined;
      if ((to.kind === undefined || to.kind === 'Service') && str(to.name) !== undefined && port !== undefined) backends.push({ namespace, service: str(to.name)!, port, via: 'route' });
    } else if (o.kind === 'Service' && name !== undefined) {
      const selector = isObj(spec.selector) ? Object.fromEntries(Object.entries(spec.selector).map(([k, v]) => [k, String(v)])) : {};
      const ports = arr(spec.ports).flatMap((p) => {
        if (!isObj(p) || typeof p.port !== 'number') return [];
        const targetPort = portOf(p.targetPort) ?? p.port;
        const pname = str(p.name);
        return [{ ...(pname !== undefined ? { name: pname } : {}), port: p.port, targetPort, protocol: str(p.protocol) ?? 'TCP' }];
      });
      services.push({ namespace, name, selector, ports });
    }
  }
  return { backends, services };
}
