/**
 * NCA's txt_no_fw_rules text (`<src> => <dst> : <connections>`, one line per allowed set; with an
 * Istio layer a `TCP Connections:` and a `non-TCP Connections:` section) ⇄ PairLines, and the
 * comparison of two answers as sets of normalised lines: address ranges cut at the union of both
 * answers' boundaries, connection sets in nca-connections.ts's form.
 */
import { connSetPieces, parseConnections, type Section } from './nca-connections.js';
import { endpointText, parseEndpoint, splitAtBoundaries, type PairLine } from './nca-endpoints.js';

const SECTION_HEADERS: ReadonlyMap<string, Section> = new Map([
  ['TCP Connections:', 'tcp'],
  ['non-TCP Connections:', 'non-tcp'],
]);

/**
 * The lines of a txt_no_fw_rules answer. `sectioned`: the config has an Istio layer, so every
 * line must follow a section header. Throws on a line that is not of the form.
 */
export function parsePairLines(text: string, sectioned: boolean): PairLine[] {
  let section: Section | undefined = sectioned ? undefined : 'all';
  const out: PairLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const header = SECTION_HEADERS.get(line);
    if (header !== undefined) {
      if (!sectioned) throw new Error(`section header "${line}" in an answer without an Istio layer`);
      section = header;
      continue;
    }
    const arrow = line.indexOf(' => ');
    const colon = line.indexOf(' : ', arrow);
    if (arrow < 0 || colon < 0) throw new Error(`not a connection line: ${line}`);
    if (section === undefined) throw new Error(`line before any section header: ${line}`);
    out.push({
      section,
      src: parseEndpoint(line.slice(0, arrow)),
      dst: parseEndpoint(line.slice(arrow + 4, colon)),
      conns: parseConnections(line.slice(colon + 3), section),
    });
  }
  return out;
}

function linePrefix(l: PairLine): string {
  return `${l.section === 'all' ? '' : `[${l.section}] `}${endpointText(l.src)} => ${endpointText(l.dst)} : `;
}

/** The normalised lines NCA prints a line's set as, one per piece (nca-connections.ts); `ignoreOthers` leaves out the other protocols. */
export function pieceTexts(l: PairLine, ignoreOthers = false): string[] {
  return connSetPieces(l.conns, l.section, ignoreOthers).map((piece) => `${linePrefix(l)}${piece}`);
}

/** The lines of `expected` not in `actual` and the reverse, as sets of normalised lines. */
export interface LineDiff {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/**
 * Compare two answers as sets of pieces after cutting ranges at the union of their boundaries.
 * With `ignoreOthers`, only TCP/UDP/SCTP and restricted dimensions are compared (used only to
 * name a failure's reason, never to pass one).
 */
export function compareAnswers(expected: readonly PairLine[], actual: readonly PairLine[], ignoreOthers = false): LineDiff {
  const [e, a] = splitAtBoundaries([expected, actual]) as [PairLine[], PairLine[]];
  const texts = (lines: PairLine[]): Set<string> => new Set(lines.flatMap((l) => pieceTexts(l, ignoreOthers)));
  const et = texts(e);
  const at = texts(a);
  return { missing: [...et].filter((l) => !at.has(l)).sort(), extra: [...at].filter((l) => !et.has(l)).sort() };
}
