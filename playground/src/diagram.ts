/** Mermaid text → SVG, with the `mermaid` package loaded on first use (it is large). */
let loaded: Promise<typeof import('mermaid').default> | undefined;
let counter = 0;

function mermaid(): Promise<typeof import('mermaid').default> {
  loaded ??= import('mermaid').then(
    (m) => {
      m.default.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', flowchart: { htmlLabels: false } });
      return m.default;
    },
    (e: unknown) => {
      // Not kept: the next diagram tries again (the page may be back online).
      loaded = undefined;
      throw e;
    },
  );
  return loaded;
}

/** Draws `text` into `into` (replacing its content); a failure is shown as text. */
export async function drawMermaid(into: HTMLElement, text: string): Promise<void> {
  into.textContent = 'drawing…';
  let library: Awaited<ReturnType<typeof mermaid>>;
  try {
    library = await mermaid();
  } catch {
    into.textContent = 'Diagrams are drawn by Mermaid, which this page loads the first time a diagram is shown, and it could not be loaded (offline?). Everything else works; once a diagram has been drawn online, diagrams work offline too.';
    return;
  }
  try {
    const { svg } = await library.render(`netscn-diagram-${++counter}`, text);
    into.innerHTML = svg;
  } catch (e) {
    into.textContent = `the diagram cannot be drawn: ${e instanceof Error ? e.message : String(e)}`;
  }
}
