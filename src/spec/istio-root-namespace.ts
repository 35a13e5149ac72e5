/**
 * Istio's root namespace (meshConfig.rootNamespace, default istio-system): its AuthorizationPolicies
 * apply to the whole mesh, and its PeerAuthentication without a selector is the mesh-wide one
 * (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/, `rootNamespace`).
 */
export const ROOT_NAMESPACE = 'istio-system';
