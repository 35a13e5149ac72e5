/**
 * What makes an exam result reproducible and checkable: the seed of a candidate's variants and
 * the digests of everything a grade read.
 *
 * - Seed: HMAC-SHA256 keyed with the exam's secret salt over the candidate's id, its first 16
 *   hex digits. Anyone holding the salt derives the same seed on any machine; without it, a
 *   candidate's id says nothing about anyone's variant. The salt is the author's secret and never
 *   appears in a report.
 * - Digests: SHA-256 of the bytes of every file a grade read — the exam, each exercise and the
 *   author's files it loads, each submitted file — and one digest over all of them with the
 *   seeds. A regrade that reads the same files with the same seeds prints the same digest; a
 *   different digest names what changed.
 *
 * The primitives come from the caller (`Hashing`; the command line passes Node's crypto), since
 * this layer runs in the browser too and uses no Node built-in.
 */

/** One file a grade read, by the name it was asked for. */
export interface FileDigest {
  readonly file: string;
  readonly sha256: string;
}

/** SHA-256 and HMAC-SHA256, hex. */
export interface Hashing {
  sha256(data: Uint8Array | string): string;
  hmacSha256(key: string, message: string): string;
}

/** The seed of a candidate's variants: HMAC-SHA256(salt, candidate), 16 hex digits. */
export function candidateSeed(hashing: Hashing, salt: string, candidate: string): string {
  return hashing.hmacSha256(salt, candidate).slice(0, 16);
}

/** Records the digest of each file a reader returns, in the order first read. */
export class DigestLog {
  private readonly seen = new Map<string, string>();

  constructor(private readonly hashing: Hashing) {}

  record(file: string, bytes: Uint8Array | string): void {
    if (!this.seen.has(file)) this.seen.set(file, this.hashing.sha256(bytes));
  }

  get files(): readonly FileDigest[] {
    return [...this.seen].map(([file, digest]) => ({ file, sha256: digest }));
  }
}

/** One digest over parts given as (label, value) lines, in the order given. */
export function combinedDigest(hashing: Hashing, parts: readonly (readonly [string, string])[]): string {
  return hashing.sha256(parts.map(([label, value]) => `${label}\t${value}\n`).join(''));
}
