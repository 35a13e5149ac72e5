/** Terminal styling: a chalk instance per call, never a global colour switch. */
import chalk, { Chalk, type ChalkInstance } from 'chalk';

export interface StyleOptions {
  readonly color: boolean;
}

export function painter(opts: StyleOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
}

export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : prefix + l))
    .join('\n');
}
