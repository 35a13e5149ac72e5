/**
 * `netscn lsp`: the language server, over stdio. It keeps each open `.netscn` document's
 * analysis (parse + check, exactly as `netscn check`), publishes its diagnostics (the scenario's
 * and those of the manifests it loads, each on its own file) on every change, and answers the
 * editor features from the feature modules beside this file. File names are the workspace-relative
 * paths the CLI would print when run from the workspace root; loaded manifests open in the editor
 * are read from the editor's unsaved text.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClusterSpec } from '../spec/types.js';
import type { ReadFile } from '../check/file-read.js';
import { formatSource } from '../fmt/format.js';
import { projectReader } from '../host/project-files.js';
import { analyze, type Analysis } from './analysis.js';
import { codeActions } from './code-actions.js';
import { completion } from './completion.js';
import { definition, prepareRename, references, rename } from './definition.js';
import { diagnosticsByFile } from './diagnostics.js';
import { formattingEdits } from './formatting.js';
import { hover } from './hover.js';
import { codeLenses, explainAssertion, runAssertion, runFile, SERVER_COMMANDS, type CommandResult } from './lenses.js';
import { collectNames, type Occurrence } from './names.js';
import { documentSymbols } from './symbols.js';

/** The document in `netscn fmt`'s layout; undefined when it does not parse (nothing to edit). */
export function formatDocument(text: string, file: string): string | undefined {
  const r = formatSource(text, file);
  return r.ok ? r.text : undefined;
}

interface DocState {
  readonly analysis: Analysis;
  /** The names of the latest version that parsed (completion needs them while a line is half typed). */
  readonly names: readonly Occurrence[];
  /** The cluster of the latest version that checked. */
  readonly cluster?: ClusterSpec;
  /** Manifest URIs this document last published diagnostics on. */
  readonly published: ReadonlySet<string>;
}

function isScenario(uri: string): boolean {
  return uri.endsWith('.netscn');
}

/** Serves one client on `connection` until it exits. */
export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocState>();
  let root = process.cwd();

  const fileOf = (uri: string): string => {
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  const uriOf = (file: string): string => pathToFileURL(resolve(root, file)).href;

  const openText = (abs: string): string | undefined => documents.get(pathToFileURL(abs).href)?.getText();

  const refresh = (doc: TextDocument): void => {
    const file = fileOf(doc.uri);
    const abs = resolve(root, file);
    // Confined to the scenario's own project, as the CLI reads it (host/project-files.ts).
    const disk = projectReader(abs);
    // A loaded file open in the editor is read as the editor holds it (unsaved edits included).
    const readFile: ReadFile = (path) => {
      const read = disk(path);
      if (read.kind !== 'file') return read;
      const open = openText(resolve(dirname(abs), path));
      return open === undefined ? read : { kind: 'file', bytes: new TextEncoder().encode(open) };
    };
    const analysis = analyze(doc.getText(), file, { readFile });
    const previous = states.get(doc.uri);
    const names = analysis.ast ? collectNames(analysis.ast, analysis.scenario) : (previous?.names ?? []);
    const cluster = analysis.scenario?.cluster ?? previous?.cluster;
    const byFile = diagnosticsByFile(file, analysis.diagnostics);
    const published = new Set<string>();
    for (const [f, diagnostics] of byFile) {
      if (f === file) {
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
        continue;
      }
      const uri = uriOf(f);
      published.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const stale of previous?.published ?? []) if (!published.has(stale)) void connection.sendDiagnostics({ uri: stale, diagnostics: [] });
    states.set(doc.uri, { analysis, names, ...(cluster ? { cluster } : {}), published });
  };

  const stateOf = (uri: string): DocState | undefined => {
    const doc = documents.get(uri);
    if (!doc || !isScenario(uri)) return undefined;
    const s = states.get(uri);
    if (!s || s.analysis.text !== doc.getText()) refresh(doc);
    return states.get(uri);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (folder) {
      const path = fileURLToPath(folder);
      if (existsSync(path)) {
        root = path;
        // `load` resolves a scenario's relative name from the current directory, as the CLI does.
        process.chdir(root);
      }
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', '=', '/', ','] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'netscn' },
    };
  });

  documents.onDidChangeContent(({ document }) => {
    if (isScenario(document.uri)) {
      refresh(document);
      return;
    }
    // A manifest changed: scenarios that may load it check again.
    for (const d of documents.all()) if (isScenario(d.uri)) refresh(d);
  });
  // A file changed on disk (the client watches manifests): open scenarios check again.
  connection.onDidChangeWatchedFiles(() => {
    for (const d of documents.all()) if (isScenario(d.uri)) refresh(d);
  });
  documents.onDidClose(({ document }) => {
    const s = states.get(document.uri);
    states.delete(document.uri);
    if (!isScenario(document.uri)) return;
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    for (const uri of s?.published ?? []) void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onCompletion((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? completion({ text: s.analysis.text, pos: p.position, names: s.names, ...(s.cluster ? { cluster: s.cluster } : {}) }) : [];
  });
  connection.onHover((p) => {
    const s = stateOf(p.textDocument.uri);
    return (s && hover(s.analysis, s.names, p.position)) ?? null;
  });
  connection.onDefinition((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? definition(s.names, s.analysis.file, p.position, uriOf) : [];
  });
  connection.onReferences((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? references(s.names, s.analysis.file, p.position, p.context.includeDeclaration, uriOf) : [];
  });
  connection.onPrepareRename((p) => {
    const s = stateOf(p.textDocument.uri);
    return (s && prepareRename(s.names, s.analysis.file, p.position)) ?? null;
  });
  connection.onRenameRequest((p) => {
    const s = stateOf(p.textDocument.uri);
    const r = s && rename(s.names, s.analysis.file, p.position, p.newName, uriOf);
    if (!r) return null;
    if (r.kind === 'refused') throw new Error(r.reason);
    return r.edit;
  });
  connection.onDocumentSymbol((p) => {
    const ast = stateOf(p.textDocument.uri)?.analysis.ast;
    return ast ? documentSymbols(ast) : [];
  });
  connection.onCodeAction((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? codeActions(s.analysis.text, p.textDocument.uri, p.context.diagnostics) : [];
  });
  connection.onCodeLens((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? codeLenses(s.analysis, p.textDocument.uri) : [];
  });
  connection.onExecuteCommand((p): CommandResult | null => {
    const [uri, line] = (p.arguments ?? []) as [unknown, unknown];
    const s = typeof uri === 'string' ? stateOf(uri) : undefined;
    if (!s) return null;
    const n = typeof line === 'number' ? line : 0;
    switch (p.command) {
      case SERVER_COMMANDS.run:
        return runAssertion(s.analysis, n);
      case SERVER_COMMANDS.explain:
        return explainAssertion(s.analysis, n);
      case SERVER_COMMANDS.runFile:
        return runFile(s.analysis);
      default:
        return null;
    }
  });
  connection.onDocumentFormatting((p) => {
    const s = stateOf(p.textDocument.uri);
    return s ? formattingEdits(s.analysis.text, s.analysis.file, formatDocument) : [];
  });

  documents.listen(connection);
  connection.listen();
}

/** `netscn lsp`: serve the editor on stdin/stdout. Resolves when the client has gone. */
export function lspCommand(): Promise<number> {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  return new Promise((done) => {
    connection.onExit(() => done(0));
    serve(connection);
  });
}
