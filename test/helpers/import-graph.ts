/**
 * The runtime import graph of TypeScript/JavaScript sources, from an entry file: static imports
 * and re-exports (not `import type` / `export type`, which emit nothing) and dynamic `import()`
 * with a literal specifier. Relative specifiers are followed (`x.js` → `x.ts` when it exists);
 * bare ones (packages, built-ins) are collected with the chain of files that leads to them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface BareImport {
  readonly specifier: string;
  /** The files from the entry to the one importing it, relative to the cwd. */
  readonly chain: readonly string[];
}

const specifiersOf = new Map<string, readonly string[]>();
const allSpecifiersOf = new Map<string, readonly string[]>();

/** The specifiers `file` imports at run time. */
export function runtimeSpecifiers(file: string): readonly string[] {
  return specifiers(file);
}

/**
 * Every specifier `file` names: at run time, and in `import type` / `export type` too. TypeScript's
 * pre-processor scans for them without building a syntax tree (the layering test reads every
 * file of src/ with it; a full parse took seconds).
 */
export function allSpecifiers(file: string): readonly string[] {
  const known = allSpecifiersOf.get(resolve(file));
  if (known) return known;
  const out = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
  allSpecifiersOf.set(resolve(file), out);
  return out;
}

function specifiers(file: string): readonly string[] {
  const known = specifiersOf.get(resolve(file));
  if (known) return known;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) out.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) out.push(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  specifiersOf.set(resolve(file), out);
  return out;
}

function resolveRelative(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  if (target.endsWith('.js') && existsSync(`${target.slice(0, -3)}.ts`)) return `${target.slice(0, -3)}.ts`;
  if (existsSync(target)) return target;
  if (existsSync(`${target}.ts`)) return `${target}.ts`;
  throw new Error(`${relative('.', from)} imports ${specifier}, which is not found`);
}

/** Every bare specifier reachable from `entry`, each with one chain that reaches it. */
export function bareImports(entry: string): BareImport[] {
  const seen = new Map<string, readonly string[]>();
  const found = new Map<string, BareImport>();
  const queue: string[] = [resolve(entry)];
  seen.set(resolve(entry), [relative('.', entry)]);
  while (queue.length > 0) {
    const file = queue.shift()!;
    const chain = seen.get(file)!;
    if (!/\.[cm]?[jt]s$/.test(file)) continue;
    for (const s of runtimeSpecifiers(file)) {
      if (s.startsWith('.')) {
        const next = resolveRelative(file, s);
        if (!seen.has(next)) {
          seen.set(next, [...chain, relative('.', next)]);
          queue.push(next);
        }
      } else if (!found.has(s)) {
        found.set(s, { specifier: s, chain });
      }
    }
  }
  return [...found.values()];
}

const BUILTINS = new Set(builtinModules);

/** A Node built-in module (`node:fs`, `fs`, `fs/promises`, …). */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!);
}

const NODE_GLOBALS = new Set(['Buffer', 'process', 'require', '__dirname', '__filename', 'global']);

/** Uses of Node's globals in `file` (`Buffer`, `process`, …), as `name at line`; not a property named so. */
export function nodeGlobals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const p = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(p) && p.name === node) || ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node);
      if (!isMemberName) out.push(`${node.text} at ${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
