/** OpenShift Route manifests (route.openshift.io/v1). */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';

describe('Route manifests', () => {
  it('default the weight to 100 and insecureEdgeTerminationPolicy to None, keep alternate backends in order', () => {
    const r = objectsFromYaml(
      `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  host: WWW.example.com
  path: /app
  to: {kind: Service, name: a}
  alternateBackends: [{kind: Service, name: b, weight: 20}]
  port: {targetPort: http}
  tls: {termination: edge}
`,
      'r.yaml',
    );
    expect(r.diagnostics).toEqual([]);
    const o = r.objects[0]!;
    expect(o.kind === 'route' && o.spec).toMatchObject({
      host: 'www.example.com',
      path: '/app',
      backends: [{ service: 'a', weight: 100 }, { service: 'b', weight: 20 }],
      targetPort: 'http',
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'None' },
    });
  });

  it('need a host and a Service to send to', () => {
    const r = objectsFromYaml('apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: x}\nspec:\n  to: {kind: Deployment, name: a}\n', 'r.yaml');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "spec.host: required field is missing (expected a host: netscn does not know the router's default domain)",
      'spec.to.kind: a Route sends to a Service, not a Deployment',
    ]);
  });
});
