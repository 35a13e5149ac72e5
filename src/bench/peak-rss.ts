/**
 * Preloaded into a measured child process (`node --import …/peak-rss.js …`): at exit it writes
 * the process's peak resident set size to stderr as `netscn-bench peak_rss_kib=N`, the last line.
 *
 * On Linux the figure is VmHWM of /proc/self/status: the peak of this program's own memory.
 * getrusage's maxRSS (`process.resourceUsage().maxRSS`) is not: Linux carries the parent's peak
 * over a fork and exec, so a child started by a large benchmark process reported the parent's
 * size (P1 read 342 MiB after B2 had built a 150,000-pod cluster). Elsewhere maxRSS is the
 * fallback.
 */
import { readFileSync } from 'node:fs';

function peakKiB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // Not Linux: no /proc.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stderr.write(`\nnetscn-bench peak_rss_kib=${peakKiB()}\n`);
});
