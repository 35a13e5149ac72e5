/**
 * One file of a learner's submission as the grader's reader found it. The reader (the CLI's,
 * bounded and confined to the submission folder) says why a file cannot be used, so the learner
 * is told the reason instead of "no file".
 */
export type SubmissionFile =
  /** Read: the file's text. */
  | { readonly kind: 'text'; readonly text: string }
  /** The folder has no file of that name. */
  | { readonly kind: 'missing' }
  /** The name leads outside the folder (`..`, an absolute path, a symlink out of it). */
  | { readonly kind: 'outside' }
  /** A folder, device or other non-regular file. */
  | { readonly kind: 'not-a-file' }
  /** Over the grader's size bound (bytes). */
  | { readonly kind: 'too-large'; readonly size: number; readonly limit: number }
  /** Not UTF-8 text: where the first byte that is not. */
  | { readonly kind: 'not-utf8'; readonly line: number; readonly column: number }
  /** The file system refused to read it (the reason, e.g. `permission denied`). */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** A reader of the submission: every name the exercise hands in goes through it once. */
export type SubmissionReader = (name: string) => SubmissionFile;

/** `1 KiB`-style sizes for messages. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/** Why a file cannot be graded, in a sentence naming it; undefined for a file that was read. */
export function submissionProblem(name: string, file: SubmissionFile): string | undefined {
  switch (file.kind) {
    case 'text':
      return undefined;
    case 'missing':
      return `the submission has no file \`${name}\``;
    case 'outside':
      return `\`${name}\` leads outside the submission folder; it is not read`;
    case 'not-a-file':
      return `\`${name}\` in the submission is not a regular file`;
    case 'too-large':
      return `\`${name}\` is ${formatSize(file.size)}, over the size limit of ${formatSize(file.limit)} per file; it is not read`;
    case 'unreadable':
      return `\`${name}\` in the submission cannot be read: ${file.reason}`;
    case 'not-utf8':
      return `the file is not UTF-8 text (at line ${file.line}, column ${file.column}); save \`${name}\` as UTF-8`;
    default: {
      const never: never = file;
      throw new Error(`unhandled submission file ${JSON.stringify(never)}`);
    }
  }
}
