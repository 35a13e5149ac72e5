/**
 * The netscn extension: starts `netscn lsp` (the workspace's node_modules/.bin/netscn, or the
 * `netscn.serverPath` setting, else `netscn` on the PATH) and wires the commands that run and
 * explain assertions. Their text comes from the server and is shown in the "netscn" output channel.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Server commands (src/lsp/lenses.ts SERVER_COMMANDS). */
const SERVER = { run: 'netscn.server.runAssertion', explain: 'netscn.server.explainAssertion', runFile: 'netscn.server.runFile' } as const;

interface CommandResult {
  readonly passed?: boolean;
  readonly text: string;
}

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const configured = vscode.workspace.getConfiguration('netscn').get<string>('serverPath', '').trim();
  let path = 'netscn';
  if (configured !== '') {
    path = isAbsolute(configured) || folders.length === 0 ? configured : join(folders[0]!.uri.fsPath, configured);
  } else {
    const bin = process.platform === 'win32' ? 'netscn.cmd' : 'netscn';
    const local = folders.map((f) => join(f.uri.fsPath, 'node_modules', '.bin', bin)).find((p) => existsSync(p));
    if (local !== undefined) path = local;
  }
  const cwd = folders[0]?.uri.fsPath;
  // A JavaScript entry point (e.g. a checkout's dist/cli/main.js) runs under node.
  const run = path.endsWith('.js') ? { command: 'node', args: [path, 'lsp'] } : { command: path, args: ['lsp'] };
  return { ...run, options: { ...(cwd !== undefined ? { cwd } : {}), shell: process.platform === 'win32' } };
}

/** The document and 1-based line a command is about: its arguments (from a lens), else the active editor's cursor. */
function target(args: unknown[]): { uri: string; line: number } | undefined {
  const [uri, line] = args;
  if (typeof uri === 'string' && typeof line === 'number') return { uri, line };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'netscn') {
    void vscode.window.showWarningMessage('netscn: open a .netscn file first');
    return undefined;
  }
  return { uri: editor.document.uri.toString(), line: editor.selection.active.line + 1 };
}

async function show(output: vscode.OutputChannel, command: string, args: unknown[]): Promise<void> {
  if (!client) return;
  const result = (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as CommandResult | null;
  output.clear();
  output.append(result?.text ?? 'netscn: nothing to run here\n');
  output.show(true);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('netscn');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'netscn' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,netscn}') },
  };
  client = new LanguageClient('netscn', 'netscn language server', serverOptions(), clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('netscn.runAssertion', async (...args: unknown[]) => {
      const t = target(args);
      if (t) await show(output, SERVER.run, [t.uri, t.line]);
    }),
    vscode.commands.registerCommand('netscn.explainAssertion', async (...args: unknown[]) => {
      const t = target(args);
      if (t) await show(output, SERVER.explain, [t.uri, t.line]);
    }),
    vscode.commands.registerCommand('netscn.runFile', async (...args: unknown[]) => {
      const t = target(args);
      if (t) await show(output, SERVER.runFile, [t.uri]);
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
