/**
 * The Vite plugin (package export `netscn/vitest`) that makes `.netscn` files vitest test files:
 *
 *     import { defineConfig } from 'vitest/config';
 *     import { netscn } from 'netscn/vitest';
 *     export default defineConfig({ plugins: [netscn()], test: { include: ['**\/*.netscn'] } });
 *
 * Generated modules import their runtime as `netscn/runtime` (resolved from the user's project,
 * where netscn is installed). Inside the netscn repository, where this file runs as TypeScript
 * source, they import the sibling runtime.ts by absolute path instead, so no build is needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../run/engine.js';
import { defaultEngine } from '../run/engine-default.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { projectReader } from '../host/project-files.js';
import type { ReadFile } from '../check/file-read.js';
import { scenarioInput } from './scenario-input.js';
import { generateModule } from './generate.js';

export interface NetscnPluginOptions {
  /** Module specifier of the runtime; default: `netscn/runtime` (see above). */
  readonly runtime?: string;
  /** Replaces the real pipeline (tests). */
  readonly engine?: Engine;
}

/** The structural subset of a Vite plugin this returns (vite stays a transitive dependency). */
export interface NetscnVitePlugin {
  readonly name: string;
  readonly enforce: 'pre';
  configResolved?(config: { readonly root: string }): void;
  load(id: string): string | null;
  transform(this: unknown, code: string, id: string): { code: string; map: unknown } | null;
}

/** The slice of Vite's transform context (`this` in transform) the plugin uses: declaring the files a module read. */
export interface TransformContextLike {
  addWatchFile(id: string): void;
}

function canWatch(context: unknown): context is TransformContextLike {
  return typeof context === 'object' && context !== null && typeof (context as Partial<TransformContextLike>).addWatchFile === 'function';
}

export const NETSCN_EXTENSION = /\.netscn$/;

export function defaultRuntime(): string {
  const self = fileURLToPath(import.meta.url);
  return self.endsWith('.ts') ? fileURLToPath(new URL('./runtime.ts', import.meta.url)) : 'netscn/runtime';
}

export function netscn(options: NetscnPluginOptions = {}): NetscnVitePlugin {
  const runtime = options.runtime ?? defaultRuntime();
  const engine = options.engine ?? defaultEngine;
  const roots = { vite: process.cwd() };
  return {
    name: 'netscn',
    enforce: 'pre',
    configResolved(config) {
      roots.vite = config.root;
    },
    load(id) {
      const path = cleanId(id);
      return NETSCN_EXTENSION.test(path) ? readFileSync(path, 'utf8') : null;
    },
    transform(code, id) {
      const path = cleanId(id);
      if (!NETSCN_EXTENSION.test(path)) return null;
      const displayPath = displayOf(path, roots.vite);
      const input = scenarioInput(code, path);
      const decoded = typeof input === 'string' ? { text: input, diagnostics: [] } : decodeUtf8(input, displayPath);
      const reader = projectReader(path);
      // Every file the scenario asks for (loaded manifests, missing ones included) is a
      // dependency of the module: watch mode re-runs the scenario when one changes or appears.
      const asked = new Set<string>();
      const readFile: ReadFile = (p) => {
        asked.add(resolve(dirname(path), p));
        return reader(p);
      };
      const checked = decoded.diagnostics.length > 0 ? { diagnostics: decoded.diagnostics } : engine.parseAndCheck(decoded.text, displayPath, { readFile });
      if (canWatch(this)) for (const file of asked) this.addWatchFile(file);
      return generateModule({ source: decoded.text, path, displayPath, runtime, checked });
    },
  };
}

function cleanId(id: string): string {
  return id.replace(/[?#].*$/, '');
}

function displayOf(path: string, root: string): string {
  const rel = relative(root, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}
