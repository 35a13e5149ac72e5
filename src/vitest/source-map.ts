/**
 * A line-level source map (v3): each generated line may map its first column to a position in
 * the original file. That is all the transform needs: one `it(` per assertion line.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function vlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

export interface LineMapping {
  /** 0-based generated line. */
  readonly generatedLine: number;
  /** 1-based original line and column, as spans carry them. */
  readonly line: number;
  readonly column: number;
}

export interface SourceMapV3 {
  readonly version: 3;
  readonly file?: string;
  readonly sources: readonly string[];
  readonly sourcesContent: readonly string[];
  readonly names: readonly string[];
  readonly mappings: string;
}

export function lineSourceMap(source: { readonly path: string; readonly content: string }, generatedLines: number, mappings: readonly LineMapping[]): SourceMapV3 {
  const byLine = new Map<number, LineMapping>();
  for (const m of mappings) if (!byLine.has(m.generatedLine)) byLine.set(m.generatedLine, m);
  let prevLine = 0;
  let prevCol = 0;
  const lines: string[] = [];
  for (let g = 0; g < generatedLines; g++) {
    const m = byLine.get(g);
    if (!m) {
      lines.push('');
      continue;
    }
    const line = m.line - 1;
    const col = m.column - 1;
    lines.push(vlq(0) + vlq(0) + vlq(line - prevLine) + vlq(col - prevCol));
    prevLine = line;
    prevCol = col;
  }
  return { version: 3, sources: [source.path], sourcesContent: [source.content], names: [], mappings: lines.join(';') };
}

/** Decodes `mappings` back to {generatedLine → [line, column]} (1-based original), for tests and tools. */
export function decodeLineMappings(mappings: string): Map<number, readonly [number, number]> {
  const out = new Map<number, readonly [number, number]>();
  let line = 0;
  let col = 0;
  mappings.split(';').forEach((seg, g) => {
    if (seg === '') return;
    const first = seg.split(',')[0]!;
    const values: number[] = [];
    let shift = 0;
    let acc = 0;
    for (const ch of first) {
      const d = B64.indexOf(ch);
      acc += (d & 31) << shift;
      if (d & 32) shift += 5;
      else {
        values.push(acc & 1 ? -(acc >>> 1) : acc >>> 1);
        acc = 0;
        shift = 0;
      }
    }
    line += values[2] ?? 0;
    col += values[3] ?? 0;
    out.set(g, [line + 1, col + 1]);
  });
  return out;
}
