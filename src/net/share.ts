/** A fraction of connections or requests as a percentage with at most two decimals: `33.33%`. */
export function percentText(x: number): string {
  return `${Math.round(x * 10000) / 100}%`;
}
