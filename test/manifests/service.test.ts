import { describe, expect, it } from 'vitest';
import { one, read, errors, theError } from './helpers.js';

const svc = (spec: string, rest = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n${spec}${rest}`;

describe('Service', () => {
  it('applies the API defaults', () => {
    const s = one(svc('  selector: {app: web}\n  ports:\n  - port: 80\n'), 'service');
    expect(s).toEqual({
      name: 'web',
      namespace: 'default',
      type: 'ClusterIP',
      headless: false,
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80, span: s.ports[0]!.span }],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      sessionAffinityTimeout: 10800,
      externalIPs: [],
      loadBalancerSourceRanges: [],
      loadBalancerIPs: [],
      loadBalancerIPMode: 'VIP',
      allocateLoadBalancerNodePorts: true,
      publishNotReadyAddresses: false,
      annotations: {},
      span: s.span,
    });
  });

  it('reads every port field; targetPort may be a name', () => {
    const s = one(
      svc('  type: NodePort\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80, targetPort: http, nodePort: 30080, appProtocol: http}\n  - {name: dns, port: 53, protocol: UDP, targetPort: 5353}\n'),
      'service',
    );
    expect(s.ports.map(({ span: _s, ...p }) => p)).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080, appProtocol: 'http' },
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 },
    ]);
  });

  it('clusterIP None is headless; an IP is pinned', () => {
    expect(one(svc('  clusterIP: None\n  selector: {app: db}\n'), 'service')).toMatchObject({ headless: true });
    const pinned = one(svc('  clusterIP: 10.96.0.10\n  ports: [{port: 53}]\n'), 'service');
    expect(pinned).toMatchObject({ headless: false, clusterIP: '10.96.0.10' });
  });

  it('reads dual-stack fields: ipFamilyPolicy, ipFamilies, clusterIPs of both families', () => {
    const s = one(
      svc('  ipFamilyPolicy: RequireDualStack\n  ipFamilies: [IPv6, IPv4]\n  clusterIPs: [fd00:10:96::a, 10.96.0.10]\n  ports: [{port: 80}]\n'),
      'service',
    );
    expect(s).toMatchObject({ ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'], clusterIP: 'fd00:10:96::a', secondaryClusterIP: '10.96.0.10' });
    expect(theError(svc('  ipFamilies: [IPv4, IPv4]\n  ports: [{port: 80}]\n')).message).toContain('at most two distinct families');
    expect(theError(svc('  clusterIPs: [10.96.0.10, 10.96.0.11]\n  ports: [{port: 80}]\n')).message).toContain('other IP family');
    expect(errors(read(svc('  ipFamilyPolicy: DualStack\n  ports: [{port: 80}]\n'))).length).toBe(1);
  });

  it('a missing or empty selector means a selector-less Service', () => {
    expect(one(svc('  ports: [{port: 80}]\n'), 'service').selector).toBeNull();
    expect(one(svc('  selector: {}\n  ports: [{port: 80}]\n'), 'service').selector).toBeNull();
  });

  it('reads the load-balancer fields and status', () => {
    const s = one(
      svc(
        '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  internalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n' +
          '  allocateLoadBalancerNodePorts: false\n  loadBalancerSourceRanges: [" 203.0.113.0/24 "]\n  externalIPs: [198.51.100.7]\n' +
          '  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n  publishNotReadyAddresses: true\n' +
          '  trafficDistribution: PreferSameZone\n  selector: {app: web}\n  ports: [{port: 443}]\n',
        'status:\n  loadBalancer:\n    ingress:\n    - {ip: 192.0.2.10, ipMode: Proxy}\n    - hostname: lb.example.com\n',
      ),
      'service',
    );
    expect(s).toMatchObject({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      healthCheckNodePort: 32000,
      allocateLoadBalancerNodePorts: false,
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      externalIPs: ['198.51.100.7'],
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeout: 60,
      publishNotReadyAddresses: true,
      trafficDistribution: 'PreferSameZone',
      loadBalancerIPs: ['192.0.2.10'],
      loadBalancerIPMode: 'Proxy',
    });
  });

  it('reads ExternalName and annotations', () => {
    const s = one(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\n  annotations: {a: b}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n',
      'service',
    );
    expect(s).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com', annotations: { a: 'b' }, ports: [] });
  });

  it('reports a non-numeric port with what was expected, at the value', () => {
    const e = theError(svc('  ports:\n  - port: "http"\n'));
    expect(e.message).toBe('spec.ports[0].port: expected an integer 1-65535, found "http"');
    expect(e.span).toMatchObject({ file: 'test.yaml', start: { line: 7, column: 11 }, end: { line: 7, column: 17 } });
  });

  it('rejects a port out of range', () => {
    expect(theError(svc('  ports:\n  - port: 70000\n')).message).toBe('spec.ports[0].port: expected an integer 1-65535, found 70000');
  });

  it('requires names when there are several ports', () => {
    const errs = errors(read(svc('  ports:\n  - port: 80\n  - port: 443\n')));
    expect(errs.map((e) => e.message)).toEqual([
      'spec.ports[0].name: required when a Service has more than one port',
      'spec.ports[1].name: required when a Service has more than one port',
    ]);
  });

  it('rejects clusterIP None on a NodePort Service and a nodePort on a ClusterIP Service', () => {
    expect(theError(svc('  type: NodePort\n  clusterIP: None\n  ports: [{port: 80}]\n')).message).toBe(
      'spec.clusterIP: may be "None" only for type ClusterIP (this Service is NodePort)',
    );
    expect(theError(svc('  ports: [{port: 80, nodePort: 30001}]\n')).message).toBe('spec.ports[0].nodePort: may not be used when type is ClusterIP');
  });

  it('needs ports unless headless or ExternalName', () => {
    expect(theError(svc('  selector: {app: web}\n')).message).toBe('spec.ports: required field is missing (expected at least one port)');
  });

  it('rejects an unknown type with the accepted values', () => {
    expect(theError(svc('  type: Nodeport\n  ports: [{port: 80}]\n'))).toMatchObject({
      message: 'spec.type: expected one of ClusterIP, NodePort, LoadBalancer, ExternalName, found "Nodeport"',
      help: 'did you mean `NodePort`?',
    });
  });
});
