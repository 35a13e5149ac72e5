/** Mermaid text → SVG, with the `mermaid` package loaded on first use (it is large). */
let loaded: Promise<typeof import('mermaid').default> | undefined;
let counter = 0;

function mermaid(): Promise<typeof import('mermaid').default> {
  loaded ??= import('mermaid').then((m) => {
    m.default.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', flowchart: { htmlLabels: false } });
    return m.default;
  });
  return loaded;
}

/** Draws `text` into `into` (replacing its content); a failure is shown as text. */
export async function drawMermaid(into: HTMLElement, text: string): Promise<void> {
  into.textContent = 'drawing…';
  try {
    const { svg } = await (await mermaid()).render(`netscn-diagram-${++counter}`, text);
    into.innerHTML = svg;
  } catch (e) {
    into.textContent = `the diagram cannot be drawn: ${e instanceof Error ? e.message : String(e)}`;
  }
}
