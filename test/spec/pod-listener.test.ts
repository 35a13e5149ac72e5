import { describe, expect, it } from 'vitest';
import { podListener } from '../../src/spec/pod-listener.js';

describe('podListener (the model’s stand-in for what a container listens on)', () => {
  const ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' as const }, { containerPort: 53, protocol: 'UDP' as const }];

  it('a declared port and protocol listen; another port, or the same port over another protocol, does not', () => {
    expect(podListener(ports, 8080, 'TCP')).toEqual({ kind: 'declared', port: ports[0] });
    expect(podListener(ports, 53, 'UDP')).toEqual({ kind: 'declared', port: ports[1] });
    expect(podListener(ports, 53, 'TCP')).toEqual({ kind: 'none' });
    expect(podListener(ports, 9090, 'TCP')).toEqual({ kind: 'none' });
  });

  it('a pod declaring no port listens on every port', () => {
    expect(podListener([], 9090, 'SCTP')).toEqual({ kind: 'every-port' });
  });
});
