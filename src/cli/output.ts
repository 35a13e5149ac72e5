/**
 * Writing the CLI's output to a file descriptor synchronously, so a reader that has gone away
 * (`netscn test | head`) is noticed at the write that fails, not as an unhandled EPIPE event
 * after the run: the write throws OutputClosed, and `main` stops quietly.
 */
import { writeSync } from 'node:fs';

/** The reader of stdout has closed it: the run stops without a message. */
export class OutputClosed extends Error {
  override readonly name = 'OutputClosed';
}

function codeOf(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** Sleeps briefly without the event loop (a non-blocking descriptor that is full). */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}

/**
 * A writer of all of `text` to `fd`. A closed reader (EPIPE) throws OutputClosed when `strict`,
 * and is ignored otherwise (stderr: nothing left to tell).
 */
export function fdWriter(fd: number, strict: boolean): (text: string) => void {
  let closed = false;
  return (text) => {
    if (closed) {
      if (strict) throw new OutputClosed('output closed');
      return;
    }
    const buf = Buffer.from(text, 'utf8');
    for (let off = 0; off < buf.length; ) {
      try {
        off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        const code = codeOf(e);
        if (code === 'EAGAIN') {
          pause();
          continue;
        }
        if (code === 'EPIPE' || code === 'ECONNRESET') {
          closed = true;
          if (strict) throw new OutputClosed('output closed');
          return;
        }
        throw e;
      }
    }
  };
}
