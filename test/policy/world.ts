/** The small cluster the table tests share: two namespaces plus kube-system, two nodes, a hostNetwork agent. */
import { DEFAULT_SETTINGS, type NamespaceSpec, type Settings } from '../../src/spec/types.js';
import { externalEndpoint, namespace, nodeEndpoint, podEndpoint, podSpec, port } from './fixture.js';

export const namespaces: readonly NamespaceSpec[] = [
  namespace('shop', { team: 'a' }),
  namespace('other', { team: 'b' }),
  namespace('kube-system'),
];

export const pods = {
  /** shop/web on n1: app=web, http = TCP 8080, metrics = UDP 9100. */
  web: podSpec('shop/web', {
    node: 'n1',
    labels: { app: 'web' },
    ports: [port('http', 8080), port('metrics', 9100, 'UDP')],
    ip: '10.0.1.10',
  }),
  /** shop/client on n2: app=client, its own port named http is TCP 7000. */
  client: podSpec('shop/client', { node: 'n2', labels: { app: 'client' }, ports: [port('http', 7000)], ip: '10.0.2.20' }),
  /** shop/db on n2: app=db, pg = TCP 5432, an unnamed TCP 7000. */
  db: podSpec('shop/db', { node: 'n2', labels: { app: 'db' }, ports: [port('pg', 5432), port(undefined, 7000)], ip: '10.0.2.30' }),
  /** other/client on n2: app=client. */
  otherClient: podSpec('other/client', { node: 'n2', labels: { app: 'client' }, ip: '10.0.2.40' }),
  /** other/web on n1: app=web, http = TCP 9090. */
  otherWeb: podSpec('other/web', { node: 'n1', labels: { app: 'web' }, ports: [port('http', 9090)], ip: '10.0.1.50' }),
  /** kube-system/agent: hostNetwork on n1, so its IP is n1's. */
  agent: podSpec('kube-system/agent', {
    node: 'n1',
    labels: { app: 'agent' },
    ports: [port('probe', 9000)],
    hostNetwork: true,
    ip: '192.168.0.11',
  }),
};

export const ep = {
  web: podEndpoint(pods.web),
  client: podEndpoint(pods.client),
  db: podEndpoint(pods.db),
  otherClient: podEndpoint(pods.otherClient),
  otherWeb: podEndpoint(pods.otherWeb),
  agent: podEndpoint(pods.agent),
  n1: nodeEndpoint('n1', '192.168.0.11'),
  n2: nodeEndpoint('n2', '192.168.0.12'),
  internet: externalEndpoint('203.0.113.10'),
  internet6: externalEndpoint('2001:db8::10'),
};

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...overrides };
}
