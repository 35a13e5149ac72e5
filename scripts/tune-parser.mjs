// Rewrites the JavaScript Peggy generates for grammar/netscn.peggy so that parsing allocates
// less and matches characters without regular expressions. Every rewrite keeps the parser's
// results, errors and expected sets identical; each one checks that Peggy's output still has the
// shape it rewrites and throws otherwise (a new Peggy version must then be looked at, not
// silently parsed slower or wrongly).
//
// - Literals: `input.substr(peg$currPos, n) === peg$cK` copies n characters for every keyword
//   tried; `input.startsWith(peg$cK, peg$currPos)` compares in place.
// - Character classes: `peg$rK.test(ch)` runs a regular expression per character; an ASCII table
//   built from the same regular expression answers for code units below 128 (the regular
//   expression still answers for the rest).
// - Values nobody reads: Peggy builds an array for every repetition and sequence. Inside `$( )`
//   (only the matched text is kept) and in the rules whose value no action reads (white space,
//   ends of lines: see VALUELESS_RULES) those arrays are dropped; keywords (`Kw*`: `"x" !WordChar`)
//   return their literal instead of `[literal, undefined]` (actions only test them for presence).
// - peg$fail: the expected set at the furthest failure reuses one array (a counted prefix)
//   instead of a new array each time the parse moves forward.

/** Rules whose value no grammar action reads (never labelled or plucked in grammar/netscn.peggy). */
const VALUELESS_RULES = ['_', '__', 'Blank', 'EOL', 'Comment'];

function count(js, re) {
  return [...js.matchAll(re)].length;
}

function expectSome(what, n) {
  if (n === 0) throw new Error(`tune-parser: found no ${what} in Peggy's output; has its code generation changed?`);
}

/** `input.substr(peg$currPos, N) === peg$cK` → `input.startsWith(peg$cK, peg$currPos)`. */
function literalsInPlace(js) {
  const re = /input\.substr\(peg\$currPos, (\d+)\) === (peg\$c\d+)/g;
  expectSome('literal match', count(js, re));
  return js.replace(re, (_m, _n, c) => `input.startsWith(${c}, peg$currPos)`);
}

/** `peg$rK.test(s)` → `peg$mK(s)`: an ASCII table lookup, the regular expression above 127. */
function classesByTable(js) {
  const classes = [...js.matchAll(/^ {2}const peg\$r(\d+) = (\/.*\/);$/gm)];
  expectSome('character class', classes.length);
  const defs = classes.map(([, id, re]) =>
    [
      `const peg$x${id} = ${re};`,
      `const peg$t${id} = peg$asciiTable(peg$x${id});`,
      `function peg$m${id}(s) { const c = s.charCodeAt(0); return c < 128 ? peg$t${id}[c] === 1 : peg$x${id}.test(s); }`,
    ].join('\n'),
  );
  const helper = [
    '// Which ASCII code units a character class (a one-character regular expression) matches.',
    'function peg$asciiTable(re) {',
    '  const t = new Uint8Array(128);',
    '  for (let c = 0; c < 128; c++) t[c] = re.test(String.fromCharCode(c)) ? 1 : 0;',
    '  return t;',
    '}',
    ...defs,
    '',
  ].join('\n');
  const start = 'function peg$parse(input, options) {';
  if (!js.includes(start)) throw new Error('tune-parser: no peg$parse function in Peggy output');
  return js.replace(/peg\$r(\d+)\.test\(/g, (_m, id) => `peg$m${id}(`).replace(start, `${helper}\n${start}`);
}

/**
 * In `lines[from..to)`, drop the arrays Peggy builds for values: `sN = [];` becomes
 * `sN = undefined;`, `sN.push(sM);` goes, `sN = [sA, sB];` becomes `sN = undefined;`. Refuses a
 * region where a value could be read (an action call, a `.length` test).
 */
function dropArrays(lines, from, to, where) {
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (/peg\$f\d+\(|\.length/.test(l)) throw new Error(`tune-parser: ${where} reads a value (${l.trim()})`);
  }
  for (let i = from; i < to; i++) {
    lines[i] = lines[i]
      .replace(/^(\s*)(s\d+) = \[\];$/, '$1$2 = undefined;')
      .replace(/^(\s*)(s\d+) = \[(s\d+(, s\d+)*)\];$/, '$1$2 = undefined;')
      .replace(/^\s*s\d+\.push\(s\d+\);$/, '');
  }
}

/** Where each rule function starts and ends: name → [first line, line after the closing brace]. */
function ruleFunctions(lines) {
  const out = new Map();
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {2}function peg\$parse(\w+)\(\) \{$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.indexOf('  }', i);
    out.set(m[1], [i, end]);
  }
  return out;
}

function valuelessArrays(js) {
  const lines = js.split('\n');
  // `$( )` regions: from `sK = peg$currPos;` to the `sK = input.substring(sK, peg$currPos);` that
  // ends it (at the same depth, or two spaces deeper inside `if (... !== peg$FAILED) {` when the
  // text can fail). The region assigns only deeper variables, so the nearest such start is its own.
  let regions = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(s\d+) = input\.substring\(\2, peg\$currPos\);$/.exec(lines[i]);
    if (!m) continue;
    const starts = [`${m[1]}${m[2]} = peg$currPos;`, `${m[1].slice(2)}${m[2]} = peg$currPos;`];
    let start = i - 1;
    while (start >= 0 && !starts.includes(lines[start])) {
      if (new RegExp(`^\\s*${m[2]} = `).test(lines[start])) throw new Error(`tune-parser: the text region ending at line ${i + 1} has an unexpected shape`);
      start--;
    }
    if (start < 0) throw new Error(`tune-parser: no start for the text region ending at line ${i + 1}`);
    dropArrays(lines, start + 1, i, `the text region at line ${start + 1}`);
    regions++;
  }
  expectSome('text region', regions);
  const rules = ruleFunctions(lines);
  for (const name of VALUELESS_RULES) {
    const r = rules.get(name);
    if (!r) throw new Error(`tune-parser: no rule ${name} in Peggy output`);
    dropArrays(lines, r[0] + 1, r[1], `rule ${name}`);
  }
  // Keywords: `"x" !WordChar` ends `s1 = [s1, s2];`: keep the literal.
  let keywords = 0;
  for (const [name, [from, to]] of rules) {
    if (!/^Kw[A-Z]/.test(name)) continue;
    const wrap = lines.findIndex((l, i) => i > from && i < to && /^\s*s1 = \[s1, s2\];$/.test(l));
    if (wrap < 0) throw new Error(`tune-parser: keyword rule ${name} has an unexpected shape`);
    lines[wrap] = lines[wrap].replace('s1 = [s1, s2];', 's1 = s1;');
    keywords++;
  }
  expectSome('keyword rule', keywords);
  return lines.join('\n');
}

/**
 * peg$fail: the expected set at the furthest failure is a prefix of one array, counted by
 * peg$maxFailCount, instead of a new array each time the parse moves forward; the two places that
 * hand it out take the prefix.
 */
function failInPlace(js) {
  const edits = [
    ['  let peg$maxFailExpected = options.peg$maxFailExpected || [];\n', '  let peg$maxFailExpected = options.peg$maxFailExpected || [];\n  let peg$maxFailCount = peg$maxFailExpected.length;\n', 1],
    ['      peg$maxFailExpected = [];\n', '      peg$maxFailCount = 0;\n', 1],
    ['    peg$maxFailExpected.push(expected);\n', '    peg$maxFailExpected[peg$maxFailCount++] = expected;\n', 1],
    ['    throw peg$buildStructuredError(\n      peg$maxFailExpected,\n', '    throw peg$buildStructuredError(\n      peg$maxFailExpected.slice(0, peg$maxFailCount),\n', 1],
    ['      peg$currPos,\n      peg$FAILED,\n      peg$maxFailExpected,\n', '      peg$currPos,\n      peg$FAILED,\n      peg$maxFailExpected: peg$maxFailExpected.slice(0, peg$maxFailCount),\n', 1],
  ];
  for (const [from, to, n] of edits) {
    if (js.split(from).length - 1 !== n) throw new Error(`tune-parser: peg$fail's expected set has an unexpected shape (${from.trim()})`);
    js = js.split(from).join(to);
  }
  if (js.split('peg$maxFailExpected').length - 1 !== 7) throw new Error('tune-parser: peg$maxFailExpected has a use this tuning does not know');
  return js;
}

/** The tuned parser source. */
export function tuneParser(js) {
  return failInPlace(valuelessArrays(classesByTable(literalsInPlace(js))));
}
