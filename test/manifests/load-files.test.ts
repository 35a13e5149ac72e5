import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifestFiles, MAX_INPUT_BYTES } from '../../src/host/load-files.js';

const project = fileURLToPath(new URL('../fixtures/manifests/project', import.meta.url));

describe('loadManifestFiles', () => {
  it('reads a folder recursively in sorted order, only .yaml/.yml/.json, skipping dot-folders', () => {
    const res = loadManifestFiles(['k8s/'], project);
    expect(res.diagnostics).toEqual([]);
    expect(res.files.map((f) => path.relative(realpathSync(project), f))).toEqual([
      path.join('k8s', 'a-namespace.yml'),
      path.join('k8s', 'b-service.yaml'),
      path.join('k8s', 'nested', 'pod.json'),
    ]);
    expect(res.objects.map((o) => `${o.kind} ${o.spec.name}`)).toEqual(['namespace data', 'service db', 'pod db-0']);
  });

  it('names files in diagnostics by the given path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netscn-load-'));
    try {
      mkdirSync(path.join(dir, 'k8s'));
      writeFileSync(path.join(dir, 'k8s', 'bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 0}]\n');
      const res = loadManifestFiles(['k8s'], dir);
      expect(res.diagnostics).toMatchObject([{ message: 'spec.ports[0].port: expected an integer 1-65535, found 0', span: { file: path.join('k8s', 'bad.yaml'), start: { line: 5, column: 18 } } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an explicit file and refuses one that is not a manifest', () => {
    expect(loadManifestFiles(['k8s/b-service.yaml'], project).objects).toHaveLength(1);
    expect(loadManifestFiles(['k8s/README.md'], project).diagnostics).toMatchObject([{ code: 'NS2111', message: 'k8s/README.md is not a manifest file' }]);
  });

  it('refuses an input over the byte budget whole, checking sizes before reading', () => {
    const asked: string[] = [];
    // Each file claims 40% of the budget: the third is refused before it is read.
    const sizeOf = (p: string): number => {
      asked.push(path.basename(p));
      return Math.floor(MAX_INPUT_BYTES * 0.4);
    };
    const res = loadManifestFiles(['k8s'], project, {}, {}, sizeOf);
    expect(asked).toHaveLength(3);
    expect(res.objects).toEqual([]);
    expect(res.files).toEqual([]);
    expect(res.diagnostics).toMatchObject([
      {
        code: 'NS0103',
        severity: 'error',
        message: `the manifests are larger than the input budget of 16,777,216 bytes (16 MiB); reached at ${path.join('k8s', asked[2] === 'pod.json' ? path.join('nested', 'pod.json') : asked[2]!)}, so none is read`,
      },
    ]);
  });

  it('counts the bytes read when a file has no known size', () => {
    const res = loadManifestFiles(['k8s'], project, {}, {}, () => undefined);
    expect(res.diagnostics).toEqual([]);
    expect(res.objects).toHaveLength(3);
  });

  it('reports a missing path', () => {
    expect(loadManifestFiles(['nope.yaml'], project).diagnostics).toMatchObject([{ code: 'NS2111', message: 'cannot read nope.yaml: no such file or directory' }]);
  });

  it('reads paths the user gives outside the base folder, relative or absolute', () => {
    const list = path.join(project, '..', 'list.yaml');
    expect(loadManifestFiles(['../list.yaml'], project).diagnostics.filter((d) => d.code === 'NS2110' || d.code === 'NS2111')).toEqual([]);
    expect(loadManifestFiles([list], path.join(project, 'k8s')).files).toEqual([realpathSync(list)]);
  });

  it('refuses a FIFO without opening it, and reads the rest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netscn-fifo-'));
    try {
      mkdirSync(path.join(dir, 'k8s'));
      writeFileSync(path.join(dir, 'k8s', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: inside}\n');
      execFileSync('mkfifo', [path.join(dir, 'k8s', 'x.yaml')]);
      const res = loadManifestFiles(['k8s'], dir);
      expect(res.objects.map((o) => o.spec.name)).toEqual(['inside']);
      expect(res.diagnostics.map((d) => [d.code, d.message])).toEqual([['NS2111', `cannot read ${path.join('k8s', 'x.yaml')}: it is a FIFO (named pipe)`]]);
      expect(loadManifestFiles(['k8s/x.yaml'], dir).diagnostics.map((d) => d.message)).toEqual(['cannot read k8s/x.yaml: it is a FIFO (named pipe)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not UTF-8, at its first bad byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netscn-utf16-'));
    try {
      const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n';
      writeFileSync(path.join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      writeFileSync(path.join(dir, 'plain.yaml'), Buffer.from(text, 'utf16le'));
      writeFileSync(path.join(dir, 'utf8-bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace('name: a', 'name: b'))]));
      const res = loadManifestFiles(['.'], dir);
      expect(res.diagnostics.map((d) => [d.code, d.span.file, d.span.start.line, d.span.start.column, d.label])).toEqual([
        ['NS0105', 'bom.yaml', 1, 1, 'a UTF-16 byte-order mark'],
        ['NS0105', 'plain.yaml', 1, 2, 'a NUL byte'],
      ]);
      expect(res.objects.map((o) => o.spec.name)).toEqual(['b']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('symlinks inside a folder given', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netscn-links-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const root = path.join(dir, 'project');
    mkdirSync(path.join(root, 'k8s'), { recursive: true });
    writeFileSync(path.join(dir, 'secret.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: outside}\n');
    writeFileSync(path.join(root, 'k8s', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: inside}\n');
    symlinkSync(path.join(dir, 'secret.yaml'), path.join(root, 'k8s', 'link.yaml'));
    symlinkSync(path.join(root, 'k8s'), path.join(root, 'k8s', 'loop'));

    it('refuses a symlink that leads outside, inside a folder, and still reads the rest', () => {
      const res = loadManifestFiles(['k8s'], root);
      expect(res.objects.map((o) => o.spec.name)).toEqual(['inside']);
      expect(res.diagnostics).toMatchObject([{ code: 'NS2110', message: `${path.join('k8s', 'link.yaml')} resolves outside the folder given; refused` }]);
    });

    it('reads a symlink given explicitly: the user chose it', () => {
      const res = loadManifestFiles(['k8s/link.yaml'], root);
      expect(res.objects.map((o) => o.spec.name)).toEqual(['outside']);
      expect(res.diagnostics).toEqual([]);
    });
  });
});
