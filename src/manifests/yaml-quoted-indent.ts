/**
 * Quoted scalars continued on under-indented lines: the one YAML 1.2 violation that Kubernetes'
 * own YAML reader accepts and manifests in the wild rely on, most often a
 * NetworkAttachmentDefinition's JSON `config` whose closing `}'` sits at its key's column:
 *
 *     spec:
 *       config: '{
 *         "type": "macvlan"
 *       }'
 *
 * YAML 1.2 (§7.3, s-flow-line-prefix(n)) requires each continuation line of a quoted scalar in
 * a block mapping at indentation n to be indented at least n+1 spaces, and the yaml library
 * follows it: the scalar ends at the `}'` line and the file does not parse. libyaml's scanner
 * (yaml_parser_scan_flow_scalar) checks continuation lines for document markers (`---`, `...`
 * at column 0) and the end of the stream only, never their indentation; go-yaml is a port of
 * libyaml, and sigs.k8s.io/yaml — which kubectl and the API machinery read manifests with —
 * wraps go-yaml, so `kubectl apply` accepts such a file (and netpol-analyzer's cases use it).
 *
 * Reading it as they do changes nothing in the value: a quoted scalar folds its line breaks and
 * drops each continuation line's leading white space (§7.3.1–7.3.2), so indenting those lines
 * further gives the same string. This module finds such scalars and says which lines to indent;
 * yaml-tree.ts parses the indented text, maps positions back to the file, and warns.
 *
 * The scan is line-based and conservative: it recognises a quoted scalar only where a block
 * value starts (`key: '…`, `- '…`, with any `- ` prefixes), skips comments and block scalars
 * (`|`, `>`), and gives up (undefined) on a document marker inside the scalar or an unclosed
 * quote at the end — the parse error then stands as the yaml library reported it.
 */

/** Spaces to insert at one offset of the original text. */
export interface Insertion {
  readonly offset: number;
  readonly count: number;
}

/** A quoted scalar that had under-indented continuation lines. */
export interface RepairedScalar {
  /** Offset of the opening quote in the original text. */
  readonly start: number;
  /** 1-based lines (of the original text) that were indented. */
  readonly lines: readonly number[];
  /** Where each of those lines starts in the original text (to locate them in a file the text is embedded in). */
  readonly lineOffsets: readonly number[];
  /** The column (0-based) its continuation lines must reach. */
  readonly minIndent: number;
}

export interface QuotedIndentRepair {
  /** The text with the continuation lines indented. */
  readonly text: string;
  /** In increasing offset order. */
  readonly insertions: readonly Insertion[];
  readonly scalars: readonly RepairedScalar[];
}

/** A line's indentation and `- ` prefixes (linear: no nested quantifiers). */
const PREFIX = /^( *)((?:- +)*)/;

/**
 * Where a block value starts on a line whose prefix is `prefixLength` long: after `key: ` (a
 * plain or quoted key), else at the content's start; with whether a key was found. Scanned by
 * hand rather than by one regular expression, whose backtracking over a long line of spaces
 * would be quadratic in untrusted text.
 */
function valueStart(line: string, from: number): { readonly col: number; readonly keyed: boolean } {
  const c = line[from];
  if (c === '"' || c === "'") {
    const end = closingQuote(line, from + 1, c);
    if (end < 0) return { col: from, keyed: false };
    let i = end;
    while (line[i] === ' ') i++;
    if (line[i] === ':' && (i + 1 === line.length || line[i + 1] === ' ')) return { col: skipSpaces(line, i + 1), keyed: true };
    return { col: from, keyed: false };
  }
  if (c === '#' || c === '?') return { col: from, keyed: false };
  for (let i = from; i < line.length; i++) {
    if (line[i] === '#' && line[i - 1] === ' ') break;
    if (line[i] === ':' && (i + 1 === line.length || line[i + 1] === ' ')) return { col: skipSpaces(line, i + 1), keyed: true };
  }
  return { col: from, keyed: false };
}

function skipSpaces(line: string, i: number): number {
  while (line[i] === ' ') i++;
  return i;
}

/** The offset just past the closing quote in `line` from `from`, or -1 when the line does not close it. */
function closingQuote(line: string, from: number, quote: '"' | "'"): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") {
        if (line[i + 1] === "'") {
          i++;
          continue;
        }
        return i + 1;
      }
    } else if (c === '\\') {
      i++;
    } else if (c === '"') {
      return i + 1;
    }
  }
  return -1;
}

const isDocumentMarker = (line: string): boolean => /^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(line);

/** The indentations needed to read `text` as libyaml does, or undefined when nothing is to be done (or the scan cannot tell). */
export function reindentQuotedContinuations(text: string): QuotedIndentRepair | undefined {
  const insertions: Insertion[] = [];
  const scalars: RepairedScalar[] = [];
  let quoted: { quote: '"' | "'"; minIndent: number; start: number; lines: number[]; lineOffsets: number[] } | undefined;
  let blockScalarParent: number | undefined;
  let offset = 0;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const lineOffset = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '';
    if (quoted) {
      if (isDocumentMarker(line)) return undefined;
      if (!blank && indent < quoted.minIndent) {
        insertions.push({ offset: lineOffset, count: quoted.minIndent - indent });
        quoted.lines.push(lineNo);
        quoted.lineOffsets.push(lineOffset);
      }
      const end = closingQuote(line, indent, quoted.quote);
      if (end >= 0) {
        if (quoted.lines.length > 0) scalars.push({ start: quoted.start, lines: quoted.lines, lineOffsets: quoted.lineOffsets, minIndent: quoted.minIndent });
        quoted = undefined;
      }
      continue;
    }
    if (blockScalarParent !== undefined) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    if (blank || line.trimStart().startsWith('#') || isDocumentMarker(line)) continue;
    const [prefix = '', spaces = '', dashes = ''] = PREFIX.exec(line) ?? [];
    const { col: valueCol, keyed } = valueStart(line, prefix.length);
    // The node holding the value: the key's column, else the last `- `'s column.
    const lastDash = dashes.trimEnd().lastIndexOf('-');
    const parent = keyed ? prefix.length : lastDash >= 0 ? spaces.length + lastDash : -1;
    if (parent < 0) continue;
    const rest = line.slice(valueCol);
    const first = rest[0];
    if (first === "'" || first === '"') {
      const end = closingQuote(line, valueCol + 1, first);
      if (end < 0) quoted = { quote: first, minIndent: parent + 1, start: lineOffset + valueCol, lines: [], lineOffsets: [] };
    } else if (first === '|' || first === '>') {
      blockScalarParent = parent;
    }
  }
  if (quoted) return undefined;
  if (insertions.length === 0) return undefined;
  let repaired = '';
  let from = 0;
  for (const ins of insertions) {
    repaired += text.slice(from, ins.offset) + ' '.repeat(ins.count);
    from = ins.offset;
  }
  repaired += text.slice(from);
  return { text: repaired, insertions, scalars };
}

/** Maps an offset of the repaired text back to the original text's. */
export function originalOffset(repair: QuotedIndentRepair, repairedOffset: number): number {
  let shift = 0;
  for (const ins of repair.insertions) {
    const at = ins.offset + shift;
    if (repairedOffset < at) break;
    if (repairedOffset < at + ins.count) return ins.offset;
    shift += ins.count;
  }
  return repairedOffset - shift;
}
