/**
 * `service NAME [in NS] CLAUSE…` → a ServiceSpec: the name's rules, each clause through its
 * handler (service-clauses.ts), then the cross-clause checks (service-checks.ts), then the spec
 * with the API server's defaults for what was not given.
 */
import type { ServiceSpec } from '../../spec/types.js';
import type { ServiceClause, ServiceDecl } from '../../syntax/ast.js';
import type { Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { applyClauses } from './clauses.js';
import type { Converted, Env } from './converted.js';
import { checkName, qualify } from './names.js';
import { SERVICE_CHECKS, type ServiceAt } from './service-checks.js';
import { SERVICE, emptyService } from './service-clauses.js';

export function convertService(ctx: Ctx, env: Env, d: ServiceDecl): Converted {
  const inClause = d.clauses.find((c): c is Extract<ServiceClause, { kind: 'In' }> => c.kind === 'In');
  const { namespace, name, nsSpan } = qualify(ctx, d.name, inClause?.namespace, 'service');
  checkName(ctx, name, d.name.span, 'service', 'dns1035');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  const s = emptyService();
  applyClauses(ctx, SERVICE, d.clauses, s, env);
  const at: ServiceAt = { d, s, namespace, name, env, ports: [] };
  for (const check of SERVICE_CHECKS) check(ctx, at);
  return { object: { kind: 'service', spec: serviceSpec(at) }, refs, span: d.span };
}

function serviceSpec({ d, s, namespace, name, ports }: ServiceAt): ServiceSpec {
  return {
    name,
    namespace,
    type: s.type,
    headless: s.headless,
    selector: s.type === 'ExternalName' || s.noSelector ? null : s.selector,
    ports,
    ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP } : {}),
    ...(s.secondaryClusterIP !== undefined ? { secondaryClusterIP: s.secondaryClusterIP } : {}),
    ...(s.ipFamilyPolicy !== undefined ? { ipFamilyPolicy: s.ipFamilyPolicy } : {}),
    ...(s.ipFamilies !== undefined ? { ipFamilies: s.ipFamilies } : {}),
    externalTrafficPolicy: s.externalTrafficPolicy,
    internalTrafficPolicy: s.internalTrafficPolicy,
    sessionAffinity: s.sessionAffinity,
    sessionAffinityTimeout: s.sessionAffinityTimeout,
    externalIPs: s.externalIPs,
    loadBalancerSourceRanges: s.loadBalancerSourceRanges,
    loadBalancerIPs: s.loadBalancerIPs,
    loadBalancerIPMode: s.loadBalancerIPMode,
    allocateLoadBalancerNodePorts: s.allocateLoadBalancerNodePorts,
    ...(s.externalName !== undefined ? { externalName: s.externalName } : {}),
    publishNotReadyAddresses: s.publishNotReadyAddresses,
    ...(s.trafficDistribution ? { trafficDistribution: s.trafficDistribution } : {}),
    annotations: s.annotations,
    span: d.span,
  };
}
