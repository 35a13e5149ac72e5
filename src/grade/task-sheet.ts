/**
 * What a candidate reads of an exercise: its title, the variant's seed (so a regrade can name
 * it), and each task's title, points and texts, with the values of their variant in place. No
 * check appears, hidden or not.
 */
import type { Scenario } from '../check/scenario.js';

export function formatTaskSheet(exercise: Scenario): string {
  const lines = [exercise.title];
  if (exercise.variant) lines.push(`variant ${exercise.variant.seed}`);
  (exercise.tasks ?? []).forEach((t, i) => {
    lines.push('', `Task ${i + 1}: ${t.title} (${t.points} ${t.points === 1 ? 'point' : 'points'})`);
    for (const line of (t.description ?? '').split('\n')) if (line !== '') lines.push(`  ${line}`);
  });
  return `${lines.join('\n')}\n`;
}
