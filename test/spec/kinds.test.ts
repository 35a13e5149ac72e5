import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { applyChange } from '../../src/spec/apply.js';
import { KINDS, OBJECT_KINDS, isNamespaced, objectKey, objectsOf, splitDuplicates } from '../../src/spec/kinds.js';
import type { ObjectKind, SpecObject } from '../../src/spec/objects.js';
import type { ClusterSpec } from '../../src/spec/types.js';
import { cluster } from '../helpers/spec.js';

const span = { file: 'f', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/**
 * An object of `kind` carrying only its identity and a marker: the registry reads nothing else,
 * so one shape serves every kind.
 */
function obj(kind: ObjectKind, name: string, namespace = 'shop', mark = 0): SpecObject {
  const spec = isNamespaced(kind) ? { name, namespace, mark } : { name, mark };
  return { kind, spec } as unknown as SpecObject;
}

const upsert = (c: ClusterSpec, o: SpecObject): ClusterSpec => applyChange(c, { kind: 'upsert', object: o, span });
const remove = (c: ClusterSpec, kind: ObjectKind, name: string, namespace?: string): ClusterSpec =>
  applyChange(c, { kind: 'remove', objectKind: kind, name, ...(namespace !== undefined ? { namespace } : {}), span });

/** Every kind's objects, as `namespace/name#mark` or `name#mark`. */
function contents(c: ClusterSpec): Record<string, string[]> {
  return Object.fromEntries(
    OBJECT_KINDS.map((k) => [k, objectsOf(c, k).map((o) => `${'namespace' in o ? `${o.namespace}/` : ''}${o.name}#${(o as unknown as { mark: number }).mark}`)]),
  );
}

const EMPTY = contents(cluster());

describe('kind registry', () => {
  it.each(OBJECT_KINDS)('%s: upsert appends, replaces in place, and remove takes it out, touching no other kind', (kind) => {
    const ns = isNamespaced(kind) ? 'shop/' : '';
    const one = upsert(cluster(), obj(kind, 'a', 'shop', 1));
    expect(contents(one)).toEqual({ ...EMPTY, [kind]: [`${ns}a#1`] });

    const two = upsert(one, obj(kind, 'b', 'shop', 2));
    const replaced = upsert(two, obj(kind, 'a', 'shop', 3));
    if (KINDS[kind].store.cardinality === 'one') {
      // The singleton: a second one replaces the first, whatever its name.
      expect(contents(two)[kind]).toEqual(['b#2']);
      expect(contents(replaced)[kind]).toEqual(['a#3']);
      expect(contents(remove(replaced, kind, 'b'))[kind]).toEqual(['a#3']);
      expect(contents(remove(replaced, kind, 'a'))).toEqual(EMPTY);
      expect('baselineAdminNetworkPolicy' in remove(replaced, kind, 'a')).toBe(false);
      return;
    }
    expect(contents(replaced)).toEqual({ ...EMPTY, [kind]: [`${ns}a#3`, `${ns}b#2`] });
    expect(contents(remove(replaced, kind, 'a', isNamespaced(kind) ? 'shop' : undefined))).toEqual({ ...EMPTY, [kind]: [`${ns}b#2`] });
    expect(contents(remove(replaced, kind, 'zzz', 'shop'))).toEqual(contents(replaced));
    if (isNamespaced(kind)) {
      // Same name in another namespace: another object; removing it leaves the first.
      const other = upsert(replaced, obj(kind, 'a', 'other', 4));
      expect(contents(other)[kind]).toEqual(['shop/a#3', 'shop/b#2', 'other/a#4']);
      expect(contents(remove(other, kind, 'a', 'other'))[kind]).toEqual(['shop/a#3', 'shop/b#2']);
    }
  });

  it('removing a namespace removes the objects of every namespaced kind in it, and nothing else', () => {
    let c = cluster();
    for (const kind of OBJECT_KINDS) {
      c = upsert(c, obj(kind, 'x', 'shop'));
      if (isNamespaced(kind)) c = upsert(c, obj(kind, 'x', 'other'));
    }
    c = upsert(c, obj('namespace', 'shop'));
    const after = contents(remove(c, 'namespace', 'shop'));
    for (const kind of OBJECT_KINDS) {
      expect(after[kind], kind).toEqual(isNamespaced(kind) ? ['other/x#0'] : ['x#0']);
    }
  });

  it('finds a second declaration by kind, namespace (namespaced kinds only) and name', () => {
    const items = [obj('pod', 'a', 'shop', 1), obj('pod', 'a', 'other', 2), obj('service', 'a', 'shop', 3), obj('pod', 'a', 'shop', 4), obj('node', 'a', 'x', 5), obj('node', 'a', 'y', 6)];
    const { kept, duplicates } = splitDuplicates(items, (o) => o);
    expect(kept).toEqual([items[0], items[1], items[2], items[4]]);
    expect(duplicates).toEqual([
      { item: items[3], first: items[0], key: 'pod shop/a' },
      { item: items[5], first: items[4], key: 'node a' },
    ]);
    expect(objectKey('pod', undefined, 'a')).toBe('pod default/a');
  });

  it('scenario and manifest input find the same duplicates, each reported in its own words', () => {
    const yaml = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: other}\nspec: {selector: {app: web}, ports: [{port: 80}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 81}]}',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
    ].join('\n---\n');
    const manifests = objectsFromYaml(yaml, 'm.yaml');
    expect(manifests.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NS2103 Service shop/web is declared twice',
      'NS2103 Namespace shop is declared twice',
    ]);
    expect(manifests.objects.map((o) => objectKey(o.kind, 'namespace' in o.spec ? o.spec.namespace : undefined, o.spec.name))).toEqual(['namespace shop', 'service shop/web', 'service other/web']);

    const scenario = parseAndCheck(
      'cluster c {\n  namespace shop\n  service web in shop selector app=web port 80\n  service web in other selector app=web port 80\n  service web in shop selector app=web port 81\n  namespace shop\n}\n',
      's.netscn',
    );
    expect(scenario.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([
      'NS1003 service shop/web is declared twice',
      'NS1003 namespace shop is declared twice',
    ]);
  });
});
