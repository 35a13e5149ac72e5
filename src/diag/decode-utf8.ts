/**
 * Bytes of an untrusted text file → its text, strictly: scenario files and manifests are UTF-8
 * (a UTF-8 byte-order mark is dropped). A file that is not — invalid UTF-8, UTF-16 with or
 * without a byte-order mark (NUL bytes) — gives one error at its first bad byte, never a text
 * with replacement characters in it. `text` is then the lenient decoding, for code frames only.
 */
import { DIAG, message } from './catalogue.js';
import type { Diagnostic } from './diagnostic.js';
import type { Position } from '../spec/types.js';

export interface DecodedText {
  readonly text: string;
  /** Empty, or the one encoding error. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Where the bytes stop being UTF-8, and what was found there. */
interface BadByte {
  readonly index: number;
  readonly label: string;
  readonly notes: readonly string[];
}

export function decodeUtf8(bytes: Uint8Array, file: string): DecodedText {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  const bad = firstBadByte(bytes);
  if (bad === undefined) return { text: lenient, diagnostics: [] };
  const at = positionOf(bytes, bad.index);
  return {
    text: lenient,
    diagnostics: [
      {
        code: DIAG.encoding.code,
        severity: 'error',
        message: message(DIAG.encoding, {}),
        span: { file, start: at, end: { ...at, offset: at.offset + 1, column: at.column + 1 } },
        label: bad.label,
        expected: 'UTF-8',
        notes: bad.notes,
        help: 'save the file as UTF-8 (without a byte-order mark, or with the UTF-8 one)',
      },
    ],
  };
}

function firstBadByte(bytes: Uint8Array): BadByte | undefined {
  const utf16 = ['it looks like UTF-16'];
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { index: 0, label: 'a UTF-16 byte-order mark', notes: utf16 };
  }
  const invalid = firstInvalidUtf8(bytes);
  const nul = bytes.indexOf(0);
  if (nul >= 0 && (invalid < 0 || nul < invalid)) return { index: nul, label: 'a NUL byte', notes: utf16 };
  if (invalid >= 0) return { index: invalid, label: `byte 0x${bytes[invalid]!.toString(16).padStart(2, '0')} is not valid UTF-8 here`, notes: [] };
  return undefined;
}

/** Index of the first byte that does not start a well-formed UTF-8 sequence; -1 when none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // no overlong forms
      if (b === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Line and column (in UTF-16 code units of the text before it, as every span counts) of byte `index`. */
function positionOf(bytes: Uint8Array, index: number): Position {
  const lineStart = index === 0 ? 0 : bytes.lastIndexOf(0x0a, index - 1) + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const decoder = new TextDecoder('utf-8');
  const before = decoder.decode(bytes.subarray(0, lineStart));
  const column = decoder.decode(bytes.subarray(lineStart, index)).length + 1;
  return { offset: before.length + column - 1, line, column };
}
