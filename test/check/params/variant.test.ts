/**
 * Variants: the generator follows its written specification (re-derived here with node:crypto),
 * a seed always gives the same variant (pinned values), every value lies in its domain, and the
 * variant's text is an ordinary scenario whose diagnostics point back into the template.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../../src/check/index.js';
import { candidateSeed, drawIndex } from '../../../src/check/params/variant.js';

const TEMPLATE = 'test/corpus/good/params.netscn';
const text = readFileSync(TEMPLATE, 'utf8');

function bindingsOf(seed: string): Record<string, string> {
  const r = parseAndCheck(text, TEMPLATE, { seed });
  expect(r.diagnostics).toEqual([]);
  return Object.fromEntries((r.scenario?.variant?.bindings ?? []).map((b) => [b.name, b.value]));
}

/** The header's specification, step by step. */
function specIndex(seed: string, name: string, count: bigint): bigint {
  const limit = (1n << 256n) - ((1n << 256n) % count);
  for (let k = 0; ; k++) {
    const r = BigInt(`0x${createHash('sha256').update(`netscn-variant/1\n${seed}\n${name}\n${k}`, 'utf8').digest('hex')}`);
    if (r < limit) return r % count;
  }
}

describe('the variant generator', () => {
  it('draws as its specification says', () => {
    for (const seed of ['0', '1', 'exam-7', 'ünïcode']) {
      for (const [name, count] of [['app', 3n], ['port', 1000n], ['big', 1n << 200n], ['odd', 7n]] as const) {
        expect(drawIndex(seed, name, count)).toBe(specIndex(seed, name, count));
      }
    }
  });

  it('derives a candidate seed from the salt and the id as specified', () => {
    const spec = createHash('sha256').update('netscn-candidate/1\ns3cret\nalice', 'utf8').digest('hex').slice(0, 16);
    expect(candidateSeed('s3cret', 'alice')).toBe(spec);
    expect(candidateSeed('s3cret', 'alice')).toBe('2f0419b975d647ff');
    expect(candidateSeed('other', 'alice')).not.toBe(spec);
  });

  it('gives the same variant for a seed, on every run and machine (pinned)', () => {
    expect(bindingsOf('exam-7')).toEqual({ app: 'shop', team: '2', port: '8559', 'tenant-cidr': '10.108.161.0/24', tier: 'storefront' });
    expect(bindingsOf('0')).toEqual({ app: 'shop', team: '4', port: '8544', 'tenant-cidr': '10.103.136.0/24', tier: 'frontend' });
    expect(parseAndCheck(text, TEMPLATE, { seed: 'exam-7' }).scenario?.title).toBe('Expose shop on port 8559');
  });

  it('keeps every value in its domain, and reaches every value of a small domain', () => {
    const apps = new Set<string>();
    for (let s = 0; s < 40; s++) {
      const b = bindingsOf(`s${s}`);
      apps.add(b['app']!);
      expect(['web', 'shop', 'api']).toContain(b['app']);
      expect(['2', '3', '4']).toContain(b['team']);
      expect(Number(b['port'])).toBeGreaterThanOrEqual(8000);
      expect(Number(b['port'])).toBeLessThanOrEqual(8999);
      expect(b['tenant-cidr']).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d{1,3}\.0\/24$/);
      expect(['frontend', 'storefront']).toContain(b['tier']);
    }
    expect(apps.size).toBe(3);
  });

  it('takes values given by name, and refuses one outside the domain', () => {
    expect(bindingsOf('0')['app']).toBe('shop');
    const given = parseAndCheck(text, TEMPLATE, { seed: '0', values: new Map([['app', 'api'], ['port', '8001']]) });
    expect(given.scenario?.variant?.bindings.find((b) => b.name === 'app')?.value).toBe('api');
    expect(given.scenario?.title).toBe('Expose api on port 8001');
    const outside = parseAndCheck(text, TEMPLATE, { values: new Map([['port', '80']]) });
    expect(outside.scenario).toBeUndefined();
    expect(outside.diagnostics.map((d) => [d.code, d.message])).toEqual([['NS2035', 'value `80` is outside the domain of parameter `port`']]);
    const unknown = parseAndCheck(text, TEMPLATE, { values: new Map([['prot', '8001']]) });
    expect(unknown.diagnostics.map((d) => [d.code, d.help])).toEqual([['NS1013', 'did you mean `port`?']]);
  });

  it('reports a mistake of the variant at the template’s line and column', () => {
    const src = 'param n range 5-5\ncluster c {\n  node n1 ip 192.168.0.11\n  pod {{n}}x on n1 ip 10.0.{{n}}.5\n}\n';
    const r = parseAndCheck(src, 't.netscn');
    const d = r.diagnostics.find((x) => x.code === 'NS2003')!;
    expect(d.span.start).toEqual({ offset: src.indexOf('10.0.'), line: 4, column: 23 });
    expect(d.span.end.offset).toBe(src.indexOf('.5\n') + 2);
    expect(d.notes).toContain('in the variant of seed `0`: n=5');
  });
});
