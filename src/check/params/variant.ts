/**
 * Seeds and variants. A variant binds every parameter to one value of its domain, drawn from the
 * seed by a generator specified here, so that the same seed gives the same variant on every
 * machine and in every version that keeps this specification:
 *
 *   The value of parameter NAME under seed SEED, for a domain of n values, is value number
 *   r mod n, where r is the first of the integers r_k (k = 0, 1, 2, …) below ⌊2^256 / n⌋ · n,
 *   r_k being SHA-256("netscn-variant/1\n" + SEED + "\n" + NAME + "\n" + k) read as a 256-bit
 *   big-endian unsigned integer (texts in UTF-8; k in decimal).
 *
 * Rejection keeps the choice uniform; keying by name keeps a parameter's value when others are
 * added or reordered. A candidate's seed is the first 16 hex digits of
 * SHA-256("netscn-candidate/1\n" + SALT + "\n" + ID): reproducible by whoever holds the exam's
 * secret salt, unguessable to candidates who do not.
 */
import type { Domain } from './domain.js';
import { sha256 } from './sha256.js';

/** One parameter's value in a variant. */
export interface Binding {
  readonly name: string;
  readonly value: string;
}

/** The seed a scenario is checked with when none is given (`netscn run`, the editor, vitest). */
export const DEFAULT_SEED = '0';

const TWO_256 = 1n << 256n;

function digestInteger(text: string): bigint {
  let n = 0n;
  for (const b of sha256(text)) n = (n << 8n) | BigInt(b);
  return n;
}

/** The index of the value of `name` under `seed` in a domain of `count` values (see the header). */
export function drawIndex(seed: string, name: string, count: bigint): bigint {
  const limit = TWO_256 - (TWO_256 % count);
  for (let k = 0; ; k++) {
    const r = digestInteger(`netscn-variant/1\n${seed}\n${name}\n${k}`);
    if (r < limit) return r % count;
  }
}

/** Every parameter's value under `seed`, in the order given. */
export function bindAll(params: readonly { readonly name: string; readonly domain: Domain }[], seed: string): Binding[] {
  return params.map((p) => ({ name: p.name, value: p.domain.at(drawIndex(seed, p.name, p.domain.count)) }));
}

/** A candidate's seed: from the exam's secret salt and the candidate's id (see the header). */
export function candidateSeed(salt: string, candidate: string): string {
  return [...sha256(`netscn-candidate/1\n${salt}\n${candidate}`).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** `app=web, port=8123`: a variant's values for notes and reports. */
export function bindingsText(bindings: readonly Binding[]): string {
  return bindings.map((b) => `${b.name}=${b.value}`).join(', ');
}
