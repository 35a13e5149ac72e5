/**
 * Untrusted text made safe to print in a diagnostic: control characters (C0 but tab, DEL, C1)
 * become visible one-column stand-ins (the Unicode control pictures, ␛ for ESC, ␀ for NUL; `�`
 * for C1), so a scenario cannot drive the user's terminal, and a line keeps its columns. In
 * messages, a `quoted` name longer than MAX_QUOTED characters is cut with `…`, and the whole
 * text at MAX_MESSAGE (an `expected:` list at MAX_EXPECTED).
 */

export const MAX_QUOTED = 100;
export const MAX_MESSAGE = 400;
/** An `expected:` line lists choices (settings, keywords, declared names): longer, still bounded. */
export const MAX_EXPECTED = 1000;

const LONG_QUOTED = new RegExp(`\`([^\`]{${MAX_QUOTED + 1},})\``, 'g');

/** Each control character replaced by one visible character; everything else kept. */
export function visibleControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

/** A message, label, note or help line as printed: controls visible, long names and text cut (at `max`). */
export function displayText(text: string, max: number = MAX_MESSAGE): string {
  const cut = visibleControls(text).replace(LONG_QUOTED, (_m, inner: string) => `\`${inner.slice(0, MAX_QUOTED - 1)}…\``);
  if (cut.length <= max) return cut;
  // Cut after the last whole item of a list (or word) when one ends near the limit, not mid-word.
  const head = cut.slice(0, max - 1);
  const at = Math.max(head.lastIndexOf(', '), head.lastIndexOf(' '));
  return at >= max - WORD_CUT ? `${head.slice(0, at + (head[at] === ',' ? 1 : 0))} …` : `${head}…`;
}

/** How far back from the limit a long text may be cut to end on a word. */
const WORD_CUT = 60;
