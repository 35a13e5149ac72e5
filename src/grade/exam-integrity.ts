/**
 * What makes an exam result reproducible and checkable: the seed of a candidate's variants and
 * the digests of everything a grade read.
 *
 * - Seed: the candidate's, as `netscn variant --candidate` derives it (check/params/variant.ts
 *   `candidateSeed`: from the exam's secret salt and the candidate's id). Anyone holding the salt
 *   derives the same seed on any machine; without it, a candidate's id says nothing about
 *   anyone's variant. The salt never appears in a report.
 * - Digests: SHA-256 of every file a grade read — the exam, each exercise and the author's files
 *   it loads, each submitted file — and one digest over all of them, the seed and the scores. A
 *   regrade that reads the same files with the same salt prints the same digest; a different
 *   digest names what changed.
 *
 * SHA-256 is check/params/sha256.ts's (this layer runs in the browser too, without Node's
 * crypto); files are digested as the UTF-8 text they were decoded to (a file that is not UTF-8
 * is never graded).
 */
import { sha256Hex } from '../check/params/sha256.js';

/** One file a grade read, by the name it was asked for. */
export interface FileDigest {
  readonly file: string;
  readonly sha256: string;
}

/** Records the digest of each file a reader returns, in the order first read. */
export class DigestLog {
  private readonly seen = new Map<string, string>();

  record(file: string, text: string): void {
    if (!this.seen.has(file)) this.seen.set(file, sha256Hex(text));
  }

  get files(): readonly FileDigest[] {
    return [...this.seen].map(([file, digest]) => ({ file, sha256: digest }));
  }
}

/** One digest over parts given as (label, value) lines, in the order given. */
export function combinedDigest(parts: readonly (readonly [string, string])[]): string {
  return sha256Hex(parts.map(([label, value]) => `${label}\t${value}\n`).join(''));
}
