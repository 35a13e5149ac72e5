import { describe, expect, it } from 'vitest';
import { memoryReader } from '../../src/check/memory-folder.js';

const folder = new Map<string, string | Uint8Array>([
  ['course/lab1.netscn', 'scenario "x"'],
  ['course/lab1/k8s/app.yaml', 'kind: Pod'],
  ['course/lab1/k8s/svc.yml', new Uint8Array([0x61])],
  ['course/lab1/k8s/deep/x.yaml', ''],
  ['top.yaml', 'a: 1'],
]);
const read = memoryReader(folder, 'course/lab1.netscn');

describe('memoryReader', () => {
  it('reads files relative to the scenario, as UTF-8 bytes', () => {
    expect(read('lab1/k8s/app.yaml')).toEqual({ kind: 'file', bytes: new TextEncoder().encode('kind: Pod') });
    expect(read('./lab1/k8s/../k8s/svc.yml')).toEqual({ kind: 'file', bytes: new Uint8Array([0x61]) });
    expect(read('../top.yaml')).toEqual({ kind: 'file', bytes: new TextEncoder().encode('a: 1') });
  });
  it('lists a folder in code-unit order, subfolders marked', () => {
    expect(read('lab1/k8s')).toEqual({ kind: 'folder', entries: [{ name: 'app.yaml', folder: false }, { name: 'deep', folder: true }, { name: 'svc.yml', folder: false }] });
    expect(read('lab1/k8s/')).toEqual(read('lab1/k8s'));
  });
  it('confines reads to the folder', () => {
    expect(read('../../etc/passwd')).toEqual({ kind: 'outside', root: '..', marked: true });
    expect(read('/etc/passwd')).toEqual({ kind: 'missing' });
    expect(read('lab1/nothing.yaml')).toEqual({ kind: 'missing' });
    expect(read('')).toEqual({ kind: 'missing' });
    expect(read('a\0b')).toEqual({ kind: 'missing' });
    expect(memoryReader(folder, 'top.netscn')('../x')).toEqual({ kind: 'outside', root: '.', marked: true });
  });
});
