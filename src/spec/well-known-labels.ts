/**
 * Label keys that controllers put on the pods they run, which the model and the manifest reader
 * both rely on to find those pods.
 */

/** OpenShift's router pods: the IngressController (router) they belong to. */
export const ROUTER_LABEL = 'ingresscontroller.operator.openshift.io/deployment-ingresscontroller';

/** Gateway API implementations' data-plane pods: the Gateway they serve. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * OVN-Kubernetes: a namespace whose pods may take a primary user-defined network carries this
 * label (from its creation); without it, its pods stay on the cluster's pod network.
 */
export const PRIMARY_UDN_LABEL = 'k8s.ovn.org/primary-user-defined-network';
