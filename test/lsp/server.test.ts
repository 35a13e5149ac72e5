/**
 * The language server end to end: `node dist/cli/main.js lsp` driven over stdio by a small
 * JSON-RPC client, in a temporary project with a scenario and a manifest it loads.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/host/run-source.js';
import { projectReader } from '../../src/host/project-files.js';
import { LspClient } from './client.js';
import { formatSource } from '../../src/fmt/format.js';

const SCENARIO = `scenario "lsp"

cluster demo {
  provider cce
  node n1 ip 192.168.0.11 pool workers
  node n2 ip 192.168.0.12 pool workers
  namespace shop labels team=payments
  pod web-1 in shop on n1 labels app=web ports http:8080
  pod client in shop on n2 labels app=client
  service web in shop type nodeport selector app=web port 80 -> http node-port 30080
  load "k8s/extra.yaml"
}

from pod shop/client reach svc shop/web expect allow
from pod shop/client reach pod shop/web-1 port 8080 expect deny
`;

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: extra
  namespace: shop
spec:
  nodeName: n1
  containers:
    - name: c
      image: x
`;

let dir: string;
let client: LspClient;
let uri: string;

function pos(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: i + offset - (before.lastIndexOf('\n') + 1) };
}

beforeAll(async () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'netscn-lsp-')));
  writeFileSync(join(dir, 'package.json'), '{}\n');
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s/extra.yaml'), MANIFEST);
  writeFileSync(join(dir, 'demo.netscn'), SCENARIO);
  uri = pathToFileURL(join(dir, 'demo.netscn')).href;
  client = new LspClient(dir);
  const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {} });
  expect(init.capabilities.hoverProvider).toBe(true);
  client.notify('initialized', {});
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'netscn', version: 1, text: SCENARIO } });
});

afterAll(async () => {
  const code = await client.close();
  expect(code).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

describe('netscn lsp', () => {
  it('publishes no diagnostics for a file that checks, then the CLI\'s diagnostics after an edit', async () => {
    const first = await client.diagnostics(uri, 1);
    expect(first.diagnostics).toEqual([]);
    const broken = SCENARIO.replace('pod client in shop on n2', 'pod client in shop on n3').replace('labels app=web ports', 'lables app=web ports');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }] });
    const second = await client.diagnostics(uri, 2);
    const cli = checkSource(broken, 'demo.netscn', { projectRoot: dir, readFile: projectReader(join(dir, 'demo.netscn'), dir) }).diagnostics;
    expect(cli.length).toBeGreaterThan(0);
    expect(second.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message.split('\n')[0]])).toEqual(
      cli.map((d) => [d.code, d.span.start.line, d.span.start.column, d.label ? `${d.message} (${d.label})` : d.message]),
    );
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: SCENARIO }] });
    expect((await client.diagnostics(uri, 3)).diagnostics).toEqual([]);
  });

  it('attributes a loaded manifest\'s diagnostics to the manifest, read from the editor when it is open', async () => {
    const yamlUri = pathToFileURL(join(dir, 'k8s/extra.yaml')).href;
    const bad = MANIFEST.replace('kind: Pod', 'kind: Pood');
    client.notify('textDocument/didOpen', { textDocument: { uri: yamlUri, languageId: 'yaml', version: 1, text: bad } });
    const onYaml = await client.diagnostics(yamlUri);
    expect(onYaml.diagnostics.length).toBeGreaterThan(0);
    expect(onYaml.diagnostics[0]!.message).toContain('Pood');
    client.notify('textDocument/didChange', { textDocument: { uri: yamlUri, version: 2 }, contentChanges: [{ text: MANIFEST }] });
    client.notify('textDocument/didClose', { textDocument: { uri: yamlUri } });
    await expect.poll(() => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === yamlUri).at(-1)).toMatchObject({ params: { diagnostics: [] } });
  });

  it('checks again when a loaded manifest changes on disk', async () => {
    const yamlPath = join(dir, 'k8s/extra.yaml');
    const yamlUri = pathToFileURL(yamlPath).href;
    const count = (): number => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === yamlUri).length;
    const before = count();
    writeFileSync(yamlPath, MANIFEST.replace('kind: Pod', 'kind: Pdo'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: yamlUri, type: 2 }] });
    await expect.poll(() => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === yamlUri).slice(before).at(-1)).toMatchObject({ params: { diagnostics: [{ message: expect.stringContaining('Pdo') }] } });
    writeFileSync(yamlPath, MANIFEST);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: yamlUri, type: 2 }] });
    await expect.poll(() => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === yamlUri).at(-1)).toMatchObject({ params: { diagnostics: [] } });
    expect(count()).toBeGreaterThan(before + 1);
  });

  it('completes names, keywords and outcomes in context', async () => {
    const complete = async (text: string, line: string): Promise<string[]> => {
      const lines = text.split('\n');
      lines.splice(lines.length - 1, 0, line);
      const edited = lines.join('\n');
      client.notify('textDocument/didChange', { textDocument: { uri, version: 10 }, contentChanges: [{ text: edited }] });
      const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 2, character: line.length } });
      return items.map((i) => i.label);
    };
    expect(await complete(SCENARIO, 'from pod ')).toEqual(expect.arrayContaining(['shop/client', 'shop/web-1', 'shop/extra']));
    expect(await complete(SCENARIO, 'from pod shop/client reach svc shop/web expect ')).toEqual(['allow', 'deny', 'refused', 'timeout', 'unreachable', 'nxdomain', 'intermittent']);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 11 }, contentChanges: [{ text: SCENARIO }] });
  });

  it('hovers a pod with its address, node and the Services that select it', async () => {
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: pos(SCENARIO, 'shop/web-1 port', 6) });
    expect(h.contents.value).toContain('**pod shop/web-1**');
    expect(h.contents.value).toContain('node: `n1`');
    expect(h.contents.value).toContain('selected by Services: `shop/web`');
  });

  it('goes to a definition, finds references and renames', async () => {
    const at = pos(SCENARIO, 'shop/web expect', 5);
    const defs = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri }, position: at });
    expect(defs).toEqual([{ uri, range: { start: pos(SCENARIO, 'web in shop type'), end: pos(SCENARIO, 'web in shop type', 3) } }]);
    const refs = await client.request<unknown[]>('textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: true } });
    expect(refs).toHaveLength(2);
    const edit = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', { textDocument: { uri }, position: at, newName: 'shop-web' });
    expect(edit.changes[uri]!.map((e) => e.newText)).toEqual(['shop-web', 'shop-web']);
    const extra = await client.request<{ uri: string }[]>('textDocument/definition', { textDocument: { uri }, position: pos(SCENARIO, 'k8s/extra.yaml') });
    expect(extra).toEqual([]);
  });

  it('outlines the cluster, its objects and the assertions', async () => {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['lsp', 'demo', 'from pod shop/client reach svc shop/web expect allow', 'from pod shop/client reach pod shop/web-1 port 8080 expect deny']);
    expect(symbols[1]!.children!.map((c) => c.name)).toContain('shop/web');
  });

  it('offers the "did you mean" fix of a diagnostic as a code action', async () => {
    const broken = SCENARIO.replace('on n2 labels app=client', 'on n22 labels app=client');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 20 }, contentChanges: [{ text: broken }] });
    const published = await client.diagnostics(uri, 20);
    const d = published.diagnostics.find((x) => x.message.startsWith('unknown node `n22`'));
    expect(d).toBeDefined();
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string; range: unknown }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri }, range: d!.range, context: { diagnostics: [d] },
    });
    expect(actions.map((a) => a.title)).toEqual(['Change to `n2`']);
    expect(actions[0]!.edit.changes[uri]).toEqual([{ range: d!.range, newText: 'n2' }]);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 21 }, contentChanges: [{ text: SCENARIO }] });
    await client.diagnostics(uri, 21);
  });

  it('formats the document as `netscn fmt` does, and leaves a broken one alone', async () => {
    const messy = SCENARIO.replace('cluster demo {', 'cluster   demo {');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 30 }, contentChanges: [{ text: messy }] });
    await client.diagnostics(uri, 30);
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    const formatted = formatSource(messy, 'x.netscn');
    expect(formatted.ok && formatted.text.includes('cluster demo {')).toBe(true);
    expect(edits.map((e) => e.newText).join('')).toContain('cluster demo {');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 31 }, contentChanges: [{ text: 'cluster {\n' }] });
    await client.diagnostics(uri, 31);
    expect(await client.request<unknown[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 32 }, contentChanges: [{ text: SCENARIO }] });
    await client.diagnostics(uri, 32);
  });

  it('puts run and explain lenses on each assertion, and runs them', async () => {
    const lenses = await client.request<{ range: { start: { line: number } }; command: { title: string; command: string; arguments: [string, number] } }[]>('textDocument/codeLens', { textDocument: { uri } });
    const line = pos(SCENARIO, 'from pod shop/client reach pod').line + 1;
    expect(lenses.map((l) => [l.command.title, l.command.arguments[1]])).toEqual([['▶ Run', line - 1], ['Explain', line - 1], ['▶ Run', line], ['Explain', line]]);
    const run = await client.request<{ passed: boolean; text: string }>('workspace/executeCommand', { command: 'netscn.server.runAssertion', arguments: [uri, line] });
    expect(run.passed).toBe(false);
    expect(run.text).toContain('expected deny, got allow');
    const explained = await client.request<{ passed: boolean; text: string }>('workspace/executeCommand', { command: 'netscn.server.explainAssertion', arguments: [uri, line - 1] });
    expect(explained.passed).toBe(true);
    expect(explained.text).toContain(`--> demo.netscn:${line - 1}:1`);
    const file = await client.request<{ passed: boolean; text: string }>('workspace/executeCommand', { command: 'netscn.server.runFile', arguments: [uri] });
    expect(file.passed).toBe(false);
    expect(file.text).toContain('Assertions: 1 passed, 1 failed');
  });
});
