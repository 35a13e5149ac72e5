/**
 * `{{NAME}}` in a text: where the references are, and the text with each replaced, keeping a map
 * from the new text's offsets back to the original's. Values never hold a newline, so lines stay
 * lines: a position maps to the same line, its column shifted by the replacements before it on
 * that line (a position inside a replacement maps to the start of the `{{NAME}}` it replaced).
 */
import type { Position } from '../../spec/types.js';

/** One `{{NAME}}` of a text, by offset. */
export interface Reference {
  readonly name: string;
  readonly offset: number;
  /** The length of `{{NAME}}`. */
  readonly length: number;
}

/** A replacement of the original text: `length` code units at `offset` became `text`. */
export interface Edit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

const REFERENCE = /\{\{([A-Za-z_][A-Za-z0-9_-]*)\}\}/g;

/** Every `{{NAME}}` of the text, in order. */
export function references(text: string): Reference[] {
  return [...text.matchAll(REFERENCE)].map((m) => ({ name: m[1]!, offset: m.index, length: m[0].length }));
}

/** The text with `edits` (sorted, not overlapping) applied. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.offset) + e.text;
    at = e.offset + e.length;
  }
  return out + text.slice(at);
}

/** Maps positions of the edited text back to the original text. */
export class OffsetMap {
  private readonly lineStarts: number[] = [0];

  constructor(
    original: string,
    private readonly edits: readonly Edit[],
  ) {
    for (let i = original.indexOf('\n'); i !== -1; i = original.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** The original offset of an offset of the edited text. */
  offset(edited: number): number {
    let shift = 0;
    for (const e of this.edits) {
      const start = e.offset + shift;
      if (edited < start) break;
      if (edited < start + e.text.length) return e.offset;
      shift += e.text.length - e.length;
    }
    return edited - shift;
  }

  /** The original position of a position of the edited text. */
  position(p: Position): Position {
    const offset = this.offset(p.offset);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}
