import { describe, expect, it } from 'vitest';
import { parseCalicoSelector } from '../../src/manifests/calico-selector-parse.js';
import { calicoNamespaceLabels, calicoPodLabels, matchesCalicoSelector, showCalicoSelector } from '../../src/spec/calico-selector.js';
import type { CalicoSelector } from '../../src/spec/calico.js';

function parse(text: string): CalicoSelector {
  const r = parseCalicoSelector(text);
  if (!r.ok) throw new Error(`${text}: expected ${r.expected}, found ${r.found} at ${r.offset}`);
  return r.selector;
}

const matches = (text: string, labels: Record<string, string>): boolean => matchesCalicoSelector(parse(text), labels);

describe('Calico selectors: the documentation examples', () => {
  // https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors
  const web = { app: 'web', tier: 'frontend', 'vendor.role': 'worker_public' };
  it.each([
    ['all()', true],
    ['has(app)', true],
    ['!has(app)', false],
    ['has(db)', false],
    ['!has(db)', true],
    ["app == 'web'", true],
    ["app == 'db'", false],
    ["app != 'db'", true],
    ["missing != 'x'", true],
    ["app in {'web', 'api'}", true],
    ["app in {'api'}", false],
    ["missing in {'x'}", false],
    ["app not in {'web'}", false],
    ["missing not in {'web'}", true],
    ["vendor.role in { 'worker_public', 'master_public' }", true],
    ["tier contains 'ront'", true],
    ["tier starts with 'front'", true],
    ["tier ends with 'end'", true],
    ["tier ends with 'front'", false],
    ["missing contains ''", false],
    ["app == 'web' && tier == 'frontend'", true],
    ["app == 'web' && tier == 'backend'", false],
    ["app == 'db' || tier == 'frontend'", true],
    ["!(app == 'web' && has(tier))", false],
    ["app == \"web\"", true],
    ['global()', false],
    ['', true],
    ['   ', true],
  ])('%s', (text, expected) => {
    expect(matches(text, web)).toBe(expected);
  });

  it('&& binds tighter than ||', () => {
    // a || (b && c), not (a || b) && c
    expect(matches("app == 'web' || app == 'x' && tier == 'none'", { app: 'web' })).toBe(true);
    expect(showCalicoSelector(parse("a == '1' || b == '2' && c == '3'"))).toBe("a == '1' || b == '2' && c == '3'");
    expect(showCalicoSelector(parse("(a == '1' || b == '2') && c == '3'"))).toBe("(a == '1' || b == '2') && c == '3'");
  });

  it('! applies to the next term only', () => {
    expect(parse("!has(a) && has(b)")).toEqual({ kind: 'and', left: { kind: 'not', operand: { kind: 'has', key: 'a' } }, right: { kind: 'has', key: 'b' } });
  });

  it('global() matches only non-namespaced resources', () => {
    expect(matchesCalicoSelector(parse('global()'), {}, 'global')).toBe(true);
    expect(matchesCalicoSelector(parse('global()'), {}, 'namespaced')).toBe(false);
  });

  it('pods and namespaces carry the labels Calico adds', () => {
    expect(matchesCalicoSelector(parse("projectcalico.org/namespace == 'shop'"), calicoPodLabels('shop', { app: 'web' }))).toBe(true);
    expect(matchesCalicoSelector(parse("projectcalico.org/name == 'shop'"), calicoNamespaceLabels('shop', {}))).toBe(true);
    expect(matchesCalicoSelector(parse("projectcalico.org/name == 'shop'"), calicoNamespaceLabels('other', {}))).toBe(false);
  });

  it('a word that runs into a key is a key (`index`, `notes`)', () => {
    expect(matches("index == '1' && notes == 'x'", { index: '1', notes: 'x' })).toBe(true);
  });
});

describe('Calico selectors: errors', () => {
  function error(text: string) {
    const r = parseCalicoSelector(text);
    if (r.ok) throw new Error(`${text} parsed`);
    return r;
  }
  it.each([
    ["app = 'web'", 4, 'did you mean `==`?'],
    ["has(a) and has(b)", 7, 'write `&&` for "and"'],
    ["has(a) or has(b)", 7, 'write `||` for "or"'],
    ['not has(a)', 0, 'write `!` for "not": `!has(k)`'],
    ['app', 3, 'a label key alone is not a selector: did you mean `has(app)`?'],
    ['app == web', 7, "quote the value: 'web'"],
    ['hass(app)', 0, 'the functions are has(key), all() and global()'],
  ])('%s', (text, offset, help) => {
    const e = error(text);
    expect({ offset: e.offset, help: e.help }).toEqual({ offset, help });
  });

  it('says what it expected and what it found', () => {
    expect(error("app == 'web' &&")).toMatchObject({ offset: 15, found: 'the end of the selector' });
    expect(error("(has(a)")).toMatchObject({ expected: '`)`', found: 'the end of the selector' });
    expect(error("app in {'a' 'b'}")).toMatchObject({ expected: '`}`', offset: 12 });
    expect(error("app == 'web")).toMatchObject({ expected: "a string closed by '" });
    expect(error("has(a) has(b)")).toMatchObject({ expected: '`&&`, `||` or the end of the selector', offset: 7 });
  });

  it('refuses nesting deeper than it recurses, without a stack overflow', () => {
    expect(error('!'.repeat(100_000) + 'has(a)').expected).toContain('nested at most');
    expect(error('('.repeat(100_000) + 'has(a)').expected).toContain('nested at most');
  });
});
