/**
 * POSIX path operations for the core stages, which never import Node built-ins (the browser
 * playground runs them). Each function gives exactly what Node's `path.posix` function of the
 * same name gives (a property test compares them; `basename` with the name's own extension);
 * `\` is an ordinary character here.
 */

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** `.` and `..` resolved, repeated slashes collapsed; a trailing slash kept; `.` for nothing. */
export function normalize(p: string): string {
  if (p === '') return '.';
  const absolute = p.startsWith('/');
  const trailing = p.endsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  let body = out.join('/');
  if (body === '' && !absolute) body = '.';
  if (body !== '' && trailing) body += '/';
  return absolute ? `/${body}` : body;
}

/** The non-empty parts joined with `/` and normalized; `.` when all are empty. */
export function join(...parts: readonly string[]): string {
  const joined = parts.filter((s) => s !== '').join('/');
  return joined === '' ? '.' : normalize(joined);
}

/** Everything before the last name (trailing slashes ignored); `.` or `/` when nothing is. */
export function dirname(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  let end = -1;
  let matchedSlash = true;
  for (let i = p.length - 1; i >= 1; i--) {
    if (p[i] === '/') {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return rooted ? '/' : '.';
  if (rooted && end === 1) return '//';
  return p.slice(0, end);
}

/** The last name (trailing slashes ignored), without `ext` when it ends with it and is longer. */
export function basename(p: string, ext?: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  if (end === 0) return '';
  const start = p.lastIndexOf('/', end - 1) + 1;
  const name = p.slice(start, end);
  if (ext !== undefined && ext !== '' && ext !== name && name.endsWith(ext)) return name.slice(0, name.length - ext.length);
  return name;
}

/**
 * From the last `.` of the last name to its end; `` when the name has no dot, or its only dot
 * starts it (`.bashrc`), or it is `..`.
 */
export function extname(p: string): string {
  let startDot = -1;
  let startPart = 0;
  let end = -1;
  let matchedSlash = true;
  // 0: no character before the dot yet; 1: dots only; -1: another character.
  let preDotState = 0;
  for (let i = p.length - 1; i >= 0; i--) {
    const c = p[i];
    if (c === '/') {
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (c === '.') {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) {
      preDotState = -1;
    }
  }
  if (startDot === -1 || end === -1 || preDotState === 0 || (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) return '';
  return p.slice(startDot, end);
}
