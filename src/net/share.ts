/** A fraction of connections or requests as a percentage with at most two decimals: `33.33%`; a share too small to show, `<0.01%`. */
export function percentText(x: number): string {
  const rounded = Math.round(x * 10000) / 100;
  return rounded === 0 && x > 0 ? '<0.01%' : `${rounded}%`;
}
