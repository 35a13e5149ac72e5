/**
 * The objects a cluster is made of, as the scenario language and the manifest reader produce them,
 * and the changes a scenario's steps make to them (applied by apply.ts).
 */
import type { MultiNetworkPolicySpec, NetworkAttachmentDefinitionSpec, AdminNetworkPolicySpec, BaselineAdminNetworkPolicySpec, ClusterUserDefinedNetworkSpec, UserDefinedNetworkSpec, EndpointSliceSpec, GatewaySpec, HostSpec, HttpRouteSpec, IngressClassSpec, IngressControllerSpec, IngressSpec, Labels, LbAclSpec, LinkSpec, NamespaceSpec, NetworkPolicySpec, NodeSpec, PodSpec, RouteSpec, SecurityGroupRule, SecurityGroupSpec, ServiceAccountSpec, ServiceSpec, Span } from './types.js';
import type { CalicoGlobalNetworkPolicySpec, CalicoNetworkPolicySpec } from './calico.js';
import type { CiliumClusterwideNetworkPolicySpec, CiliumNetworkPolicySpec } from './cilium.js';
import type { CalicoHostEndpointSpec, CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec, CalicoTierSpec } from './calico-resources.js';
import type { AuthorizationPolicySpec } from './authorization-policy.js';
import type { PeerAuthenticationSpec } from './peer-authentication.js';
import type { SidecarSpec } from './istio-sidecar.js';
import type { ServiceEntrySpec } from './service-entry.js';
import type { IstioGatewaySpec } from './istio-gateway.js';
import type { VirtualServiceSpec } from './virtual-service.js';

export type SpecObject =
  | { readonly kind: 'node'; readonly spec: NodeSpec }
  | { readonly kind: 'namespace'; readonly spec: NamespaceSpec }
  | { readonly kind: 'pod'; readonly spec: PodSpec }
  | { readonly kind: 'service'; readonly spec: ServiceSpec }
  | { readonly kind: 'endpoint-slice'; readonly spec: EndpointSliceSpec }
  | { readonly kind: 'network-policy'; readonly spec: NetworkPolicySpec }
  | { readonly kind: 'host'; readonly spec: HostSpec }
  | { readonly kind: 'security-group'; readonly spec: SecurityGroupSpec }
  | { readonly kind: 'admin-network-policy'; readonly spec: AdminNetworkPolicySpec }
  | { readonly kind: 'baseline-admin-network-policy'; readonly spec: BaselineAdminNetworkPolicySpec }
  | { readonly kind: 'ingress'; readonly spec: IngressSpec }
  | { readonly kind: 'ingress-class'; readonly spec: IngressClassSpec }
  | { readonly kind: 'ingress-controller'; readonly spec: IngressControllerSpec }
  | { readonly kind: 'link'; readonly spec: LinkSpec }
  | { readonly kind: 'lb-acl'; readonly spec: LbAclSpec }
  | { readonly kind: 'gateway'; readonly spec: GatewaySpec }
  | { readonly kind: 'http-route'; readonly spec: HttpRouteSpec }
  | { readonly kind: 'route'; readonly spec: RouteSpec }
  | { readonly kind: 'user-defined-network'; readonly spec: UserDefinedNetworkSpec }
  | { readonly kind: 'cluster-user-defined-network'; readonly spec: ClusterUserDefinedNetworkSpec }
  | { readonly kind: 'network-attachment-definition'; readonly spec: NetworkAttachmentDefinitionSpec }
  | { readonly kind: 'multi-network-policy'; readonly spec: MultiNetworkPolicySpec }
  | { readonly kind: 'calico-network-policy'; readonly spec: CalicoNetworkPolicySpec }
  | { readonly kind: 'calico-global-network-policy'; readonly spec: CalicoGlobalNetworkPolicySpec }
  | { readonly kind: 'calico-host-endpoint'; readonly spec: CalicoHostEndpointSpec }
  | { readonly kind: 'calico-profile'; readonly spec: CalicoProfileSpec }
  | { readonly kind: 'calico-tier'; readonly spec: CalicoTierSpec }
  | { readonly kind: 'calico-network-set'; readonly spec: CalicoNamespacedNetworkSetSpec }
  | { readonly kind: 'calico-global-network-set'; readonly spec: CalicoNetworkSetSpec }
  | { readonly kind: 'service-account'; readonly spec: ServiceAccountSpec }
  | { readonly kind: 'authorization-policy'; readonly spec: AuthorizationPolicySpec }
  | { readonly kind: 'cilium-network-policy'; readonly spec: CiliumNetworkPolicySpec }
  | { readonly kind: 'cilium-clusterwide-network-policy'; readonly spec: CiliumClusterwideNetworkPolicySpec }
  | { readonly kind: 'peer-authentication'; readonly spec: PeerAuthenticationSpec }
  | { readonly kind: 'istio-sidecar'; readonly spec: SidecarSpec }
  | { readonly kind: 'service-entry'; readonly spec: ServiceEntrySpec }
  | { readonly kind: 'istio-gateway'; readonly spec: IstioGatewaySpec }
  | { readonly kind: 'virtual-service'; readonly spec: VirtualServiceSpec };

export type ObjectKind = SpecObject['kind'];

export type Change =
  /** Create the object, or replace the one with the same kind, namespace and name. */
  | { readonly kind: 'upsert'; readonly object: SpecObject; readonly span: Span }
  | { readonly kind: 'remove'; readonly objectKind: ObjectKind; readonly namespace?: string; readonly name: string; readonly span: Span }
  | {
      readonly kind: 'relabel';
      readonly objectKind: 'pod' | 'namespace' | 'node';
      readonly namespace?: string;
      readonly name: string;
      readonly set: Labels;
      readonly unset: readonly string[];
      readonly span: Span;
    }
  /** recreate: a new pod object (new IP); restart: same pod, same IP; ready/not-ready/terminate: conditions. */
  | {
      readonly kind: 'pod-lifecycle';
      readonly action: 'recreate' | 'restart' | 'ready' | 'not-ready' | 'terminate';
      readonly namespace: string;
      readonly name: string;
      readonly span: Span;
    }
  | { readonly kind: 'sg-rule'; readonly group: string; readonly rule: SecurityGroupRule; readonly remove: boolean; readonly span: Span }
  | { readonly kind: 'sg-attach'; readonly group: string; readonly pools: readonly string[]; readonly nodes: readonly string[]; readonly hosts?: readonly string[]; readonly span: Span };
