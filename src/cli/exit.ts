/**
 * The exit codes of `netscn`. outputClosed: stdout's reader went away mid-run (as a tool stopped
 * by SIGPIPE: 128 + 13).
 */
export const EXIT = { ok: 0, failed: 1, diagnostics: 2, usage: 64, internal: 70, outputClosed: 141 } as const;
