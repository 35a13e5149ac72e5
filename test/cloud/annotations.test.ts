/**
 * Provider profiles' annotation handling, from ../shared/reference/clouds.md (C+04 CCE ELB,
 * A+14 ACK CLB, A+10/A+11 OpenYurt, T+03 TKE CLB, §4 EKS/GKE/AKS).
 */
import { describe, expect, it } from 'vitest';
import { immutableChanges, interpretAnnotations } from '../../src/cloud/annotations.js';
import { PROFILES, profileById } from '../../src/cloud/profiles.js';
import type { NetworkMode } from '../../src/spec/types.js';

const lb = (provider: string, annotations: Record<string, string>, network: NetworkMode = profileById(provider).defaultNetworkMode) =>
  interpretAnnotations(profileById(provider), 'Service', annotations, network);

describe('profiles', () => {
  it('every profile has a unique id, a default network it offers, and annotations under prefixes it owns', () => {
    const ids = PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['vanilla', 'cce', 'ack', 'ack-edge', 'tke', 'eks', 'gke', 'aks']);
    for (const p of PROFILES) {
      expect(p.networkModes).toContain(p.defaultNetworkMode);
      for (const a of p.annotations) expect(p.prefixes.some((x) => a.key.startsWith(x)) || p.prefixes.length === 0).toBe(true);
    }
  });

  it('CCE admits at most 6000 Services per namespace (C-02)', () => {
    expect(profileById('cce').limits.servicesPerNamespace).toBe(6000);
    expect(profileById('vanilla').limits.servicesPerNamespace).toBeUndefined();
  });
});

describe('CCE ELB annotations (C+04, C+06, C+08)', () => {
  it('a shared ELB is the default and hides the client behind 100.125.0.0/16', () => {
    const r = lb('cce', {});
    expect(r.settings).toMatchObject({ product: 'Huawei ELB (shared)', clientAddress: 'lb-range', lbSourceRange: '100.125.0.0/16', backends: 'node-port', scheme: 'public' });
    expect(r.decidedBy).toEqual({});
    expect(r.issues).toEqual([]);
  });

  it('transparent-client-ip keeps the client address; a dedicated ELB keeps it by default', () => {
    expect(lb('cce', { 'kubernetes.io/elb.transparent-client-ip': 'true' }).settings.clientAddress).toBe('preserve');
    const dedicated = lb('cce', { 'kubernetes.io/elb.class': 'performance' });
    expect(dedicated.settings).toMatchObject({ product: 'Huawei ELB (dedicated)', clientAddress: 'preserve' });
    expect(dedicated.decidedBy.clientAddress).toBe('kubernetes.io/elb.class: performance');
  });

  it('elb.autocreate type inner makes a private ELB; bad JSON or type is an error saying what is expected', () => {
    expect(lb('cce', { 'kubernetes.io/elb.autocreate': '{"type":"inner","bandwidth_size":5}' }).settings.scheme).toBe('internal');
    expect(lb('cce', { 'kubernetes.io/elb.autocreate': '{"type":"public"}' }).settings.scheme).toBe('public');
    expect(lb('cce', { 'kubernetes.io/elb.autocreate': '{type:inner}' }).issues).toMatchObject([{ severity: 'error', expected: 'a JSON object with a "type" field' }]);
    expect(lb('cce', { 'kubernetes.io/elb.autocreate': '{"type":"private"}' }).issues).toMatchObject([{ severity: 'error', expected: 'a JSON object whose "type" is "public" or "inner"' }]);
  });

  it('pass-through stops kube-proxy short-circuiting the ELB address (C+05)', () => {
    expect(lb('cce', { 'kubernetes.io/elb.pass-through': 'true' }).settings.passThrough).toBe(true);
    expect(lb('cce', {}).settings.passThrough).toBe(false);
  });

  it('an unknown value names the values the annotation takes', () => {
    expect(lb('cce', { 'kubernetes.io/elb.class': 'classic' }).issues).toEqual([
      { severity: 'error', key: 'kubernetes.io/elb.class', message: '`kubernetes.io/elb.class` does not take `classic`', expected: '`union`, `performance`' },
    ]);
  });

  it('a typo in the ELB namespace is a warning with a suggestion', () => {
    expect(lb('cce', { 'kubernetes.io/elb.pass-throug': 'true' }).issues).toEqual([
      { severity: 'warning', key: 'kubernetes.io/elb.pass-throug', message: 'unknown Huawei Cloud CCE annotation `kubernetes.io/elb.pass-throug`; it has no effect', help: 'did you mean `kubernetes.io/elb.pass-through`?' },
    ]);
  });

  it('elb.class and elb.id cannot change after creation', () => {
    const cce = profileById('cce');
    expect(immutableChanges(cce, { 'kubernetes.io/elb.class': 'union' }, { 'kubernetes.io/elb.class': 'performance' }).map((i) => i.message)).toEqual([
      '`kubernetes.io/elb.class` cannot change after creation: changed from `union` to `performance`',
    ]);
    expect(immutableChanges(cce, {}, { 'kubernetes.io/elb.id': 'abc' }).map((i) => i.message)).toEqual(['`kubernetes.io/elb.id` cannot change after creation: added (`abc`)']);
    expect(immutableChanges(cce, { 'kubernetes.io/elb.lb-algorithm': 'ROUND_ROBIN' }, { 'kubernetes.io/elb.lb-algorithm': 'SOURCE_IP' })).toEqual([]);
  });
});

describe('TKE CLB annotations (T-05, T-06, T-07, T+03, T+04)', () => {
  it('the CLB binds node ports by default; direct-access sends to pods, which needs VPC-routable pods', () => {
    expect(lb('tke', {}).settings).toMatchObject({ product: 'Tencent CLB', backends: 'node-port', clientAddress: 'preserve', scheme: 'public' });
    expect(lb('tke', { 'service.cloud.tencent.com/direct-access': 'true' }).settings.backends).toBe('pod');
    expect(lb('tke', { 'service.cloud.tencent.com/direct-access': 'yes' }).issues[0]?.expected).toBe('`true`, `false`');
  });

  it('an internal subnet id makes a private CLB whatever the subnet', () => {
    const r = lb('tke', { 'service.kubernetes.io/qcloud-loadbalancer-internal-subnetid': 'subnet-12345678' });
    expect(r.settings.scheme).toBe('internal');
    expect(r.decidedBy.scheme).toBe('service.kubernetes.io/qcloud-loadbalancer-internal-subnetid: subnet-12345678');
  });

  it('reusing a CLB is fixed at creation', () => {
    expect(immutableChanges(profileById('tke'), { 'service.kubernetes.io/tke-existed-lbid': 'lb-1' }, {})).toHaveLength(1);
  });

  it('upstream service.kubernetes.io annotations are not TKE’s', () => {
    expect(lb('tke', { 'service.kubernetes.io/topology-mode': 'Auto', 'service.kubernetes.io/service-proxy-name': 'x' }).issues).toEqual([]);
  });
});

describe('ACK, ACK Edge (A+14, A+10)', () => {
  it('address-type intranet is internal; backend-type eni needs Terway (pods with VPC addresses)', () => {
    expect(lb('ack', { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type': 'intranet' }).settings.scheme).toBe('internal');
    expect(lb('ack', { 'service.beta.kubernetes.io/backend-type': 'eni' }, 'vpc-native').settings.backends).toBe('pod');
    // Flannel on ACK routes pod CIDRs through the VPC, but has no ENIs to hand to the CLB.
    expect(lb('ack', { 'service.beta.kubernetes.io/backend-type': 'eni' }, 'underlay').issues[0]?.severity).toBe('error');
    const flannel = lb('ack-edge', { 'service.beta.kubernetes.io/backend-type': 'eni' }, 'overlay');
    expect(flannel.settings.backends).toBe('node-port');
    expect(flannel.issues).toMatchObject([{ severity: 'error', message: '`service.beta.kubernetes.io/backend-type: eni` needs pods with VPC addresses, but this cluster\'s network is overlay' }]);
  });

  it('ENS load balancers need externalTrafficPolicy Cluster (A+13)', () => {
    const key = 'service.openyurt.io/nodepool-labelselector';
    const profile = profileById('ack-edge');
    expect(interpretAnnotations(profile, 'Service', { [key]: 'region=hz' }, 'overlay', 'Cluster').issues).toEqual([]);
    expect(interpretAnnotations(profile, 'Service', { [key]: 'region=hz' }, 'overlay', 'Cluster').settings.poolSelector).toBe('region=hz');
    expect(interpretAnnotations(profile, 'Service', { [key]: '=hz' }, 'overlay', 'Cluster').issues[0]?.severity).toBe('error');
    expect(interpretAnnotations(profile, 'Service', { [key]: 'region=hz' }, 'overlay', 'Local').issues).toMatchObject([{ severity: 'error', key }]);
  });

  it('ACK Edge knows the OpenYurt annotations; plain ACK calls them unknown', () => {
    expect(lb('ack-edge', { 'openyurt.io/topologyKeys': 'openyurt.io/nodepool' }).issues).toEqual([]);
    expect(lb('ack-edge', { 'openyurt.io/topologyKeys': 'nodepool' }).issues[0]?.severity).toBe('error');
    expect(lb('ack', { 'openyurt.io/topologyKeys': 'openyurt.io/nodepool' }).issues[0]).toMatchObject({ severity: 'warning', message: expect.stringContaining('an annotation of Alibaba Cloud ACK Edge') });
  });
});

describe('EKS, GKE, AKS (§4)', () => {
  it('EKS: the Load Balancer Controller makes internal NLBs unless the scheme says internet-facing; ip targets are pods', () => {
    expect(lb('eks', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' }).settings.scheme).toBe('internal');
    expect(lb('eks', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' }).settings.scheme).toBe('public');
    expect(lb('eks', { 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }).settings.backends).toBe('pod');
  });
  it('GKE and AKS internal load balancers', () => {
    expect(lb('gke', { 'networking.gke.io/load-balancer-type': 'Internal' }).settings.scheme).toBe('internal');
    expect(lb('aks', { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }).settings.scheme).toBe('internal');
  });
});

describe('annotations of another provider', () => {
  it('are named as such and do nothing', () => {
    const r = lb('tke', { 'kubernetes.io/elb.class': 'union' });
    expect(r.settings).toEqual(lb('tke', {}).settings);
    expect(r.issues).toEqual([
      {
        severity: 'warning',
        key: 'kubernetes.io/elb.class',
        message: "`kubernetes.io/elb.class` is an annotation of Huawei Cloud CCE, but this cluster's provider is Tencent Kubernetes Engine; it has no effect",
        help: 'see the Tencent Kubernetes Engine annotations in the README',
      },
    ]);
    expect(lb('vanilla', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }).issues[0]?.help).toBe('declare `provider eks` if the cluster runs there');
  });
  it('annotations nobody owns are ignored', () => {
    expect(lb('cce', { 'prometheus.io/scrape': 'true', 'app.kubernetes.io/name': 'web' }).issues).toEqual([]);
  });
});

describe('TKE backends-label (T+02)', () => {
  it('becomes the backend node selector; a malformed selector is an error', () => {
    expect(lb('tke', { 'service.kubernetes.io/qcloud-loadbalancer-backends-label': 'pool=edge,!spot' }).settings.backendNodeSelector).toBe('pool=edge,!spot');
    expect(lb('tke', { 'service.kubernetes.io/qcloud-loadbalancer-backends-label': 'pool==edge' }).issues[0]).toMatchObject({ severity: 'error', key: 'service.kubernetes.io/qcloud-loadbalancer-backends-label' });
  });
});

describe('load balancer access control and health checks (G-06, C+06)', () => {
  it('ACK and CCE ACL annotations set the ACL, its mode and its status; other values are errors', () => {
    const A = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
    const ack = lb('ack', { [`${A}acl-status`]: 'on', [`${A}acl-id`]: 'partners', [`${A}acl-type`]: 'black' });
    expect(ack.settings).toMatchObject({ aclEnabled: true, aclId: 'partners', aclMode: 'black' });
    expect(ack.decidedBy.aclId).toBe(`${A}acl-id: partners`);
    const cce = lb('cce', { 'kubernetes.io/elb.acl-status': 'on', 'kubernetes.io/elb.acl-id': 'g1', 'kubernetes.io/elb.acl-type': 'white' });
    expect(cce.settings).toMatchObject({ aclEnabled: true, aclId: 'g1', aclMode: 'white' });
    expect(lb('ack', { [`${A}acl-type`]: 'grey' }).issues.map((i) => i.severity)).toEqual(['error']);
  });

  it('health checks: on by default, off by annotation (CCE, ACK); each cloud checks from its own range', () => {
    expect(lb('cce', {}).settings.healthChecks).toBe(true);
    expect(lb('cce', { 'kubernetes.io/elb.health-check-flag': 'off' }).settings.healthChecks).toBe(false);
    expect(lb('ack', { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-health-check-flag': 'off' }).settings.healthChecks).toBe(false);
    expect(lb('cce', {}).settings.healthCheckSource).toBe('100.125.0.0/16');
    expect(lb('cce', { 'kubernetes.io/elb.class': 'performance' }).settings.healthCheckSource).toBe('backend-subnet');
    expect(lb('tke', {}).settings.healthCheckSource).toBe('100.64.0.0/10');
    expect(lb('gke', {}).settings.healthCheckSource).toBe('35.191.0.0/16');
    expect(lb('vanilla', {}).settings.healthCheckSource).toBeUndefined();
  });
});
