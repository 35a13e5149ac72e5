/** `netscn lsp` on the command line. */
import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../src/cli/args.js';

describe('netscn lsp', () => {
  it('is a command without arguments', () => {
    expect(parseCommand(['lsp'])).toEqual({ kind: 'lsp' });
    expect(() => parseCommand(['lsp', 'x.netscn'])).toThrow(UsageError);
    expect(() => parseCommand(['lps'])).toThrow('did you mean `lsp`?');
  });
});
