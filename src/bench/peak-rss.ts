/**
 * Preloaded into a measured child process (`node --import …/peak-rss.js …`): at exit it writes
 * the process's peak resident set size to stderr as `netscn-bench peak_rss_kib=N`, the last line.
 */
process.on('exit', () => {
  process.stderr.write(`\nnetscn-bench peak_rss_kib=${process.resourceUsage().maxRSS}\n`);
});
