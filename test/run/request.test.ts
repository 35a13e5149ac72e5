/** `request` assertions: checking, and the HTTP verdicts through the real pipeline. */
import { noFiles } from '../../src/check/file-read.js';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import { runSourceWith } from '../../src/run/source.js';

const CLUSTER = `cluster lab {
  node n1 ip 192.168.0.11 eip 198.18.0.11
  namespace ingress-nginx
  namespace shop
  pod controller-1 in ingress-nginx on n1 labels app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller ports http:80
  service controller in ingress-nginx type nodeport selector app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller port http:80 -> http
  ingress-class nginx controller k8s.io/ingress-nginx default
  pod web-1 in shop on n1 labels app=web ports 8080
  service web in shop selector app=web port 80 -> 8080
  ingress site in shop {
    rule host shop.example.com path /app -> svc web:80
  }
}
`;

function run(assertions: string) {
  const r = runSourceWith(defaultEngine, CLUSTER + assertions, '/virtual/t.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps.flatMap((s) => s.checks);
}

const errors = (assertions: string): string[] =>
  parseAndCheck(CLUSTER + assertions, 't.netscn')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);

describe('request assertions', () => {
  it('find an ingress-nginx controller by the labels of its manifests when none is declared, and reach it by node port', () => {
    const [c] = run('from internet request http://shop.example.com/app/x expect allow, backend svc shop/web\n');
    expect(c?.passed).toBe(true);
    expect(c?.flows[0]?.hops.some((h) => h.text.includes('NodePort'))).toBe(true);
  });

  it('say what the proxy answered when the expectation fails', () => {
    const [c] = run('from internet request http://shop.example.com/other expect allow\n');
    expect(c?.passed).toBe(false);
    expect(c?.message).toBe('expected allow, got refused (http-status) (HTTP 404)');
    const [s] = run('from internet request http://shop.example.com/app expect status 503\n');
    expect(s?.message).toBe('expected status 503, got status 200');
  });

  it('a host no controller serves does not resolve', () => {
    const [c] = run('step "no class" {\n  remove ingress shop/site\n  from internet request http://shop.example.com/app expect nxdomain\n}\n');
    expect(c?.passed).toBe(true);
  });

  it('reject what cannot be checked', () => {
    expect(errors('from internet request ftp://shop.example.com/ expect allow\n')).toEqual(['`ftp://shop.example.com/` is not an http or https URL']);
    expect(errors('from internet request http://shop.example.com/ expect allow, share svc shop/web 120%\n')).toEqual(['a share is at most 100%, not 120%']);
    expect(errors('from internet request http://shop.example.com/ expect deny, backend svc shop/web\n')).toEqual([
      'backends, shares, source and X-Forwarded-For only apply to `expect allow`',
    ]);
    expect(errors('from internet request http://shop.example.com/ expect status 42\n')).toEqual(['42 is not an HTTP status']);
    expect(errors('from internet request http://shop.example.com/ expect allow, tls at edge\n')).toEqual(['unknown place TLS ends `edge`']);
  });
});
