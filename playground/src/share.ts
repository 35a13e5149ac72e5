/**
 * A page state in the URL's hash: the lesson, its (possibly edited) scenario text and the
 * learner's files, as JSON compressed with deflate and written base64url. Decoding checks the
 * shape and never throws: a damaged link opens the default lesson.
 */

export interface SharedState {
  readonly lesson: string;
  readonly text: string;
  /** Learner file name → text (exercise mode). */
  readonly files: Readonly<Record<string, string>>;
  /** The variant of a parametrised lab (absent: seed `0`). */
  readonly seed?: string;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export async function encodeState(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `s=${toBase64Url(await pipe(json, new CompressionStream('deflate')))}`;
}

export async function decodeState(hash: string): Promise<SharedState | undefined> {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash);
  if (!m) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(m[1]!), new DecompressionStream('deflate')));
    const v = JSON.parse(json) as Partial<SharedState>;
    if (typeof v.lesson !== 'string' || typeof v.text !== 'string' || typeof v.files !== 'object' || v.files === null) return undefined;
    const files = Object.fromEntries(Object.entries(v.files).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { lesson: v.lesson, text: v.text, files, ...(typeof v.seed === 'string' && v.seed.length <= 64 ? { seed: v.seed } : {}) };
  } catch {
    return undefined;
  }
}
