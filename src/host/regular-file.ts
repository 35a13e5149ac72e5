/**
 * Reading untrusted paths from the host's file system: only regular files are opened. A FIFO,
 * socket or device is refused from its stat, never opened (opening a FIFO blocks until a writer
 * comes); the open itself is non-blocking and re-checked, so a file swapped for a FIFO between
 * the two cannot hang the reader either. Never throws.
 */
import fs from 'node:fs';

/** Why nothing was read. */
export type HostProblem =
  /** Nothing at the path. */
  | { readonly kind: 'missing' }
  /** Neither a regular file nor a folder: `what` names it (`a FIFO (named pipe)`, …). */
  | { readonly kind: 'special'; readonly what: string }
  /** The system refused (`reason`: e.g. `permission denied`). */
  | { readonly kind: 'unreadable'; readonly reason: string };

export type HostStat =
  /** A regular file (not opened). */
  | { readonly kind: 'file' }
  /** A folder (not read). */
  | { readonly kind: 'folder' }
  | HostProblem;

export type HostRead =
  /** A regular file and its bytes. */
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  /** A folder (not read). */
  | { readonly kind: 'folder' }
  | HostProblem;

/** What `path` (symlinks followed) is, without opening it. */
export function statEntry(path: string): HostStat {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch (e) {
    return failure(e);
  }
  if (st.isDirectory()) return { kind: 'folder' };
  if (!st.isFile()) return { kind: 'special', what: specialKind(st) };
  return { kind: 'file' };
}

/** The bytes of the regular file at `path`, or why not. */
export function readRegularFile(path: string): HostRead {
  const seen = statEntry(path);
  if (seen.kind !== 'file') return seen;
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return failure(e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { kind: 'special', what: specialKind(st) };
    return { kind: 'file', bytes: fs.readFileSync(fd) };
  } catch (e) {
    return failure(e);
  } finally {
    fs.closeSync(fd);
  }
}

/** `a FIFO`, `a socket`, … for a stat that is not a regular file or folder. */
export function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function failure(e: unknown): HostProblem {
  const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'ELOOP') return { kind: 'unreadable', reason: 'too many levels of symbolic links' };
  return { kind: 'unreadable', reason: code || (e instanceof Error ? e.message : String(e)) };
}
