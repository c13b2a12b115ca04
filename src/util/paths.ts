import path from 'node:path';

/** A path as the user would type it: relative to `cwd` when inside it, with forward slashes. */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  return shown.split(path.sep).join('/');
}
