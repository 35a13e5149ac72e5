/** Codes of Istio's Gateways and VirtualServices (NS2142-NS2149): bindings and routes that lead nowhere. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n  namespace istio-system\n  namespace shop\n';
const yaml = (pods: string, text: string): string => `${C}${pods}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;
const GATEWAY_POD = '  pod gw-1 in istio-system on n1 labels istio=ingressgateway ports 8080\n';
const WEB = '  pod web-1 in shop on n1 labels app=web ports 8080\n  service web in shop selector app=web port 80 -> 8080\n';
const GW = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["shop.example.com"]';
const VS = (gateways: string, host: string, dest: string): string =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}\nspec:\n  hosts: ["${host}"]\n  gateways: [${gateways}]\n  http:\n  - route:\n    - destination: {host: ${dest}}`;

const MESH_TCP_VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}\nspec:\n  hosts: ["web"]\n  tcp:\n  - route:\n    - destination: {host: web}';

export const ISTIO_ROUTING = {
  virtualServiceUnknownGateway: entry({
    code: 'NS2142',
    title: 'VirtualService bound to a Gateway that is not declared',
    severity: 'warning',
    template: 'VirtualService {name} is bound to Gateway {gateway}, which is not declared',
    explanation:
      'A VirtualService applies to the gateways its `gateways` list names: `namespace/name`, or `name` for a Gateway in the VirtualService\'s own namespace (https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService). No Gateway of that name is declared, so no proxy uses these routes for it. Check the name and namespace, or declare the Gateway.',
    example: { kind: 'scenario', scenario: yaml(GATEWAY_POD + WEB, `${GW}\n---\n${VS('web-gw', 'shop.example.com', 'web')}`) },
  }),
  istioGatewaySelectsNoPod: entry({
    code: 'NS2143',
    title: 'Istio Gateway selects no proxy pod',
    severity: 'warning',
    template: 'Gateway {name} selects no pod ({selector}): no proxy serves its servers',
    explanation:
      'An Istio Gateway configures the gateway proxy pods its `selector` matches, in any namespace (https://istio.io/latest/docs/reference/config/networking/gateway/). No pod of the cluster has these labels, so nothing listens for its servers and a request for its hosts finds no gateway. Declare the gateway pods (istio-ingressgateway is usually labelled `istio: ingressgateway`) or fix the selector.',
    example: { kind: 'scenario', scenario: yaml('', GW) },
  }),
  virtualServiceHostNotOnGateway: entry({
    code: 'NS2144',
    title: 'VirtualService host exposed by no server of its Gateway',
    severity: 'warning',
    template: 'VirtualService {name}: host {host} is exposed by no server of Gateway {gateway}',
    explanation:
      'A Gateway server exposes `hosts`, each `namespace/dnsName`; a VirtualService bound to the Gateway serves a host only where a server exposes it to the VirtualService\'s namespace (https://istio.io/latest/docs/reference/config/networking/gateway/#Server). This host matches no server host of the Gateway (or the server admits another namespace), so requests for it get 404 from the gateway. Add the host to a server, or bind the VirtualService to the Gateway that exposes it.',
    example: { kind: 'scenario', scenario: yaml(GATEWAY_POD + WEB, `${GW}\n---\n${VS('web', 'api.example.com', 'web')}`) },
  }),
  virtualServiceUnknownDestination: entry({
    code: 'NS2145',
    title: 'VirtualService routes to a host that is no Service or ServiceEntry',
    severity: 'warning',
    template: 'VirtualService {name} routes to {host}, which is no Service or ServiceEntry host',
    explanation:
      'A route destination is a host of the service registry: a Kubernetes Service (a short name is read in the VirtualService\'s namespace: `web` is `web.<namespace>.svc.cluster.local`) or a ServiceEntry host (https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination). None has this name, so the proxy has no cluster for the route and answers 503. Check the name and namespace of the Service.',
    example: { kind: 'scenario', scenario: yaml(GATEWAY_POD, `${GW}\n---\n${VS('web', 'shop.example.com', 'web')}`) },
  }),
  virtualServiceMeshRouting: entry({
    code: 'NS2146',
    title: 'VirtualService TLS or TCP routing inside the mesh is not simulated',
    severity: 'warning',
    template: 'VirtualService {name} has TLS or TCP routes for the sidecars of the mesh (gateway `mesh`), which netscn does not simulate: such connections go where they are addressed',
    explanation:
      'A VirtualService without `gateways`, or naming `mesh`, configures the client sidecars of the mesh (https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService). netscn routes the HTTP requests of a pod with a sidecar by its `http` routes (`request` assertions), but not its `tls` and `tcp` routes: a connection from a pod goes to the Service it addresses, as without the VirtualService. Connectivity lists (connlist) do not follow mesh routes either.',
    example: { kind: 'scenario', scenario: yaml(WEB, MESH_TCP_VS) },
  }),
} as const;
