import { it } from 'vitest';
import { allocatePodAddresses } from '../../src/model/pod-addresses.js';
import { allocateClusterIPs } from '../../src/model/cluster-ips.js';
import { buildState } from '../../src/model/build-state.js';
import { parseCidr } from '../../src/model/ipv4.js';
import { cluster, node, pod, service } from '../helpers/spec.js';
it('perf', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => node(`n${i}`, `172.16.${i >> 8}.${i & 255}`));
  const pods = Array.from({ length: 150000 }, (_, i) => pod(`p${i}`, `n${i % 1000}`, { namespace: `ns${Math.floor(i / 15) % 100}`, labels: { app: `a${Math.floor(i / 15)}` } }));
  const services = Array.from({ length: 10000 }, (_, i) => service(`a${i}`, { namespace: `ns${i % 100}` }));
  const spec = cluster({ podCidrs: ['10.0.0.0/8'], nodes, pods, services });
  for (let k = 0; k < 3; k++) {
    let t = performance.now();
    allocatePodAddresses(nodes, pods, parseCidr('10.0.0.0/8'), 24);
    console.log('pods ms', (performance.now() - t).toFixed(1));
    t = performance.now();
    allocateClusterIPs(services, parseCidr('10.96.0.0/12'), new Map(), []);
    console.log('cips ms', (performance.now() - t).toFixed(1));
    t = performance.now();
    const s = buildState(spec);
    console.log('build ms', (performance.now() - t).toFixed(1), s.services.reduce((n, x) => n + x.endpoints.length, 0));
  }
});
