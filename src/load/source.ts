/**
 * The load room: reads a source folder (booklet.yaml, episodes, preface), decodes and validates
 * it, and returns a SourceSet, or throws a BookletError listing every error found.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { BookletError, DiagnosticBag, UsageError, type Diagnostic } from '../diagnostics.js';
import { cannotListReason } from '../util/atomic-write.js';
import { ImageResolver } from './images.js';
import { MAX_MARKDOWN_BYTES, MAX_YAML_BYTES, checkMarkdownLimits, checkYamlSize, tooLargeMessage } from './limits.js';
import { validateConfig, validateEpisode, validatePreface } from './schema.js';
import { decodeText } from './text.js';
import type { BookletConfig, EpisodeFrontMatter, KeyPos, MarkdownSource, PrefaceFrontMatter, SourceSet } from './types.js';
import { byCodeUnits, displayPath, isInside, specialFileKind } from './util.js';
import { parseYamlWithPositions, type YamlDoc } from './yaml.js';

export { decodeText } from './text.js';

export interface LoadOptions {
  /** Folder that display paths are relative to (the user's current folder). */
  cwd: string;
  /** Keep episodes with `draft: true`. */
  drafts: boolean;
  /** The build's image resolver, so the cover image checked here is not decoded again later. */
  images?: ImageResolver;
  /**
   * Kept across builds (`booklet watch`): an episode file whose path, modification time and size
   * are unchanged is not read, decoded or validated again.
   */
  cache?: LoadCache;
}

/** What loading one episode file gave, for reuse while the file is unchanged. */
export interface CachedEpisodeFile {
  /** `mtimeMs:size` of the file when it was read. */
  stamp: string;
  /** The path as shown (diagnostics hold it). */
  file: string;
  /** Diagnostics of decoding and splitting, then of validation. */
  own: Diagnostic[];
  validation: Diagnostic[];
  draft: boolean;
  split?: Split;
  data?: EpisodeFrontMatter;
}

export type LoadCache = Map<string, CachedEpisodeFile>;

export const CONFIG_NAME = 'booklet.yaml';

/** A source folder that cannot be listed (EACCES, EPERM) as a UsageError naming it; another error as it is. */
export function unlistableSource(e: unknown, shown: string): unknown {
  const why = cannotListReason(e);
  if (why === undefined) return e;
  return new UsageError(`the source folder ${shown} cannot be listed: ${why} — give yourself permission to read it (chmod u+rx ${shown}), or give another folder`);
}

export async function loadSource(dir: string, opts: LoadOptions): Promise<SourceSet> {
  const abs = path.resolve(opts.cwd, dir);
  const shown = (p: string) => displayPath(p, opts.cwd);
  const displayDir = shown(abs);
  const dirStat = await fs.stat(abs).catch(() => undefined);
  if (!dirStat) {
    throw new UsageError(`source folder ${displayDir} not found — check the path, or create it with \`booklet init ${displayDir}\``);
  }
  if (!dirStat.isDirectory()) {
    throw new UsageError(`${displayDir} is a file, not a folder — give the folder that holds booklet.yaml and the episodes`);
  }

  const bag = new DiagnosticBag();
  const names = (await fs.readdir(abs).catch((e: unknown) => Promise.reject(unlistableSource(e, displayDir)))).sort(byCodeUnits);

  // booklet.yaml
  const configAbs = path.join(abs, CONFIG_NAME);
  const configFile = shown(configAbs);
  let config: BookletConfig | undefined;
  let configKeys: Record<string, KeyPos> = {};
  const configText = await readText(configAbs, configFile, bag);
  if (configText === null) {
    const yml = names.find((n) => n.toLowerCase() === 'booklet.yml' || (n !== CONFIG_NAME && n.toLowerCase() === CONFIG_NAME));
    bag.error(
      configFile,
      0,
      0,
      'config-missing',
      yml
        ? `booklet.yaml not found in ${displayDir}, but there is ${yml} — rename it to booklet.yaml`
        : `booklet.yaml not found in ${displayDir} — create it with at least the booklet's title, e.g. a line \`title: Medinsoft a 20 ans\``,
    );
  }
  // The files booklet.yaml names are checked even when another of its keys is wrong.
  let listed: { preface?: string; cover_image?: string } = {};
  if (typeof configText === 'string') {
    const doc = parseYamlWithPositions(configText, configFile, bag);
    configKeys = doc.keys;
    if (doc.ok) config = validateConfig(doc, configFile, bag);
    listed = textValues(doc.value, ['preface', 'cover_image']);
  }

  // The preface is named by booklet.yaml; it is never an episode.
  let prefaceAbs: string | undefined;
  if (listed.preface !== undefined) {
    prefaceAbs = await checkListedFile(listed.preface, 'preface', abs, displayDir, configFile, configKeys, bag);
  }

  // Episodes: *.md, except _*, README.md, hidden files and the preface. Read in parallel, checked in order.
  const candidates = names.filter(
    (n) =>
      /\.md$/i.test(n) &&
      !n.startsWith('_') &&
      !n.startsWith('.') &&
      n.toLowerCase() !== 'readme.md' &&
      path.join(abs, n) !== prefaceAbs,
  );
  let realDir: Promise<string> | undefined;
  type Found =
    | { kind: 'not-a-file'; abs: string; what: string; folder: boolean; link: boolean }
    | { kind: 'unreadable'; abs: string }
    | { kind: 'outside'; abs: string }
    | { kind: 'too-large'; abs: string; bytes: number }
    | { kind: 'cached'; abs: string; hit: CachedEpisodeFile }
    | { kind: 'read'; abs: string; stamp: string; bytes?: Buffer };
  const files = await Promise.all(
    candidates.map(async (n): Promise<Found | undefined> => {
      const p = path.join(abs, n);
      // Looked at before it is opened: reading a named pipe would wait forever.
      const e = await entryAt(p);
      if (e.kind === 'missing') return undefined;
      if (e.kind === 'unreadable') return { kind: 'unreadable', abs: p };
      if (e.kind !== 'file') return { kind: 'not-a-file', abs: p, what: e.what, folder: e.folder, link: e.link };
      const { st } = e;
      // An episode that is a link to a file outside the folder is refused, like images.
      if (e.link) {
        realDir ??= fs.realpath(abs);
        const real = await fs.realpath(p).catch(() => p);
        if (!isInside(await realDir, real)) return { kind: 'outside', abs: p };
      }
      if (st.size > MAX_MARKDOWN_BYTES) return { kind: 'too-large', abs: p, bytes: st.size };
      const stamp = `${st.mtimeMs}:${st.size}`;
      const hit = opts.cache?.get(p);
      if (hit && hit.stamp === stamp && hit.file === shown(p)) return { kind: 'cached', abs: p, hit };
      return { kind: 'read', abs: p, stamp, bytes: await fs.readFile(p).catch(() => undefined) };
    }),
  );
  const episodes: MarkdownSource<EpisodeFrontMatter>[] = [];
  let skippedDrafts = 0;
  for (const f of files) {
    if (!f) continue;
    const file = shown(f.abs);
    if (f.kind === 'not-a-file') {
      const message = f.folder
        ? `this is ${f.what}, not a Markdown file, so it is left out of the booklet — rename it so that its name does not end in .md (only the .md files directly in ${displayDir} are episodes)`
        : `this is ${f.what}, so it is left out of the booklet — ${f.link ? "point the link at the episode's Markdown file" : "put the episode's Markdown file in its place"}, or delete it`;
      bag.warn(file, 0, 0, 'episode-not-a-file', message);
      continue;
    }
    if (f.kind === 'unreadable') {
      unreadable(file, bag);
      continue;
    }
    if (f.kind === 'outside') {
      bag.error(file, 0, 0, 'episode-outside', `${file} is a link to a file outside ${displayDir} — copy the file itself into the folder`);
      continue;
    }
    if (f.kind === 'too-large') {
      bag.error(file, 0, 0, 'file-too-large', tooLargeMessage(f.bytes, MAX_MARKDOWN_BYTES, 'episode'));
      continue;
    }
    let c: CachedEpisodeFile;
    if (f.kind === 'cached') c = f.hit;
    else {
      if (!f.bytes) {
        unreadable(file, bag);
        continue;
      }
      const own = new DiagnosticBag();
      const split = splitMarkdown(decodeNonEmpty(f.bytes, file, own), file, own, true);
      if (split) checkMarkdownLimits(split.body, file, split.bodyLine, own);
      const validation = new DiagnosticBag();
      const data = split?.doc.ok ? validateEpisode(split.doc, file, validation) : undefined;
      if (data?.lede !== undefined) checkMarkdownLimits(data.lede, file, split?.doc.keys.lede?.line ?? 1, validation);
      c = { stamp: f.stamp, file, own: own.items, validation: validation.items, draft: !!split && isDraft(split.doc), split, data };
      opts.cache?.set(f.abs, c);
    }
    // Diagnostics of a draft that is left out are dropped with it.
    if (c.split && !opts.drafts && c.draft) {
      skippedDrafts++;
      continue;
    }
    for (const d of c.own) bag.add(d);
    if (!c.split?.doc.ok) continue;
    for (const d of c.validation) bag.add(d);
    if (!c.data || c.own.some((d) => d.severity === 'error')) continue;
    const { split } = c;
    episodes.push({ file, absPath: f.abs, data: { ...c.data }, keys: split.doc.keys, body: split.body, bodyLine: split.bodyLine });
  }
  if (opts.cache) {
    const present = new Set(candidates.map((n) => path.join(abs, n)));
    for (const k of [...opts.cache.keys()]) if (!present.has(k)) opts.cache.delete(k);
  }

  // Episode numbers are unique; the first file (by name) keeps its number.
  const byNumber = new Map<number, MarkdownSource<EpisodeFrontMatter>>();
  for (const ep of episodes) {
    const first = byNumber.get(ep.data.episode);
    if (!first) {
      byNumber.set(ep.data.episode, ep);
      continue;
    }
    const pos = ep.keys.episode ?? { line: 1, column: 1 };
    bag.error(
      ep.file,
      pos.line,
      pos.column,
      'episode-duplicate',
      `episode number ${ep.data.episode} is also used by ${first.file} — give each episode its own number (episodes are printed in the order of their numbers)`,
    );
  }
  episodes.sort((a, b) => a.data.episode - b.data.episode || byCodeUnits(a.file, b.file));

  const episodeFiles = files.filter((f) => f !== undefined && f.kind !== 'not-a-file').length;
  if (episodeFiles === 0 || (episodes.length === 0 && episodeFiles === skippedDrafts)) {
    bag.error(
      displayDir,
      0,
      0,
      'no-episodes',
      skippedDrafts > 0
        ? `no episode found in ${displayDir}: ${skippedDrafts === 1 ? 'the only episode is a draft' : `all ${skippedDrafts} episodes are drafts`} (\`draft: true\`) — use --drafts to include drafts, or remove \`draft: true\``
        : `no episode found in ${displayDir} — add a Markdown file such as 01-first-interview.md (files whose name starts with _ and README.md are not episodes)`,
    );
  }

  // Preface
  let preface: MarkdownSource<PrefaceFrontMatter> | undefined;
  if (prefaceAbs) {
    const file = shown(prefaceAbs);
    const st = await fs.stat(prefaceAbs).catch(() => undefined);
    // A regular file for checkListedFile; looked at again in case it was replaced since (a pipe would hang).
    const bytes = !st?.isFile() || st.size > MAX_MARKDOWN_BYTES ? undefined : await fs.readFile(prefaceAbs).catch(() => undefined);
    if (st && st.size > MAX_MARKDOWN_BYTES) bag.error(file, 0, 0, 'file-too-large', tooLargeMessage(st.size, MAX_MARKDOWN_BYTES, 'preface'));
    else if (!bytes) unreadable(file, bag);
    else {
      const split = splitMarkdown(decodeNonEmpty(bytes, file, bag), file, bag, false);
      const fine = !split || checkMarkdownLimits(split.body, file, split.bodyLine, bag);
      const data = split?.doc.ok && fine ? validatePreface(split.doc, file, bag) : undefined;
      if (split && data) preface = { file, absPath: prefaceAbs, data, keys: split.doc.keys, body: split.body, bodyLine: split.bodyLine };
    }
  }

  // Cover image: checked now so that a bad one stops the build before any work.
  if (listed.cover_image !== undefined) {
    const pos = configKeys.cover_image ?? { line: 1, column: 1 };
    // Not a file (a pipe, a dead or looping link): named here with the cover's own advice; the resolver checks the rest.
    const target = path.resolve(abs, listed.cover_image);
    const e = isInside(abs, target) && !path.isAbsolute(listed.cover_image) ? await entryAt(target) : undefined;
    if (e?.kind === 'other' && !e.folder) {
      bag.error(configFile, pos.line, pos.column, 'image-not-a-file', `\`${listed.cover_image}\` is ${e.what} — put the cover image (JPEG or PNG) in its place, or remove the \`cover_image\` line`);
    } else {
      await (opts.images ?? new ImageResolver()).resolve(listed.cover_image, { dir: abs, file: configFile, line: pos.line, column: pos.column, cwd: opts.cwd }, bag);
    }
  }

  if (bag.hasErrors || !config) throw new BookletError(bag.items);
  return {
    dir: abs,
    displayDir,
    config,
    configFile,
    configKeys,
    episodes,
    ...(preface ? { preface } : {}),
    diagnostics: bag.items,
  };
}

/** The file's text; null if it does not exist; undefined (reported) if it cannot be read or decoded. */
async function readText(abs: string, file: string, bag: DiagnosticBag): Promise<string | null | undefined> {
  const e = await entryAt(abs);
  if (e.kind === 'missing') return null;
  if (e.kind === 'unreadable') {
    unreadable(file, bag);
    return undefined;
  }
  if (e.kind !== 'file') {
    bag.error(
      file,
      0,
      0,
      'config-not-a-file',
      `${file} is ${e.what}${e.folder ? ', not a file' : ''} — replace it with a text file that describes the booklet, with at least its title, e.g. a line \`title: Medinsoft a 20 ans\``,
    );
    return undefined;
  }
  let bytes: Buffer;
  try {
    const st = e.st;
    if (st.size > MAX_YAML_BYTES) {
      bag.error(file, 0, 0, 'file-too-large', tooLargeMessage(st.size, MAX_YAML_BYTES, 'booklet.yaml'));
      return undefined;
    }
    if ((await fs.lstat(abs)).isSymbolicLink()) {
      const [realDir, real] = await Promise.all([fs.realpath(path.dirname(abs)), fs.realpath(abs)]);
      if (!isInside(realDir, real)) {
        bag.error(file, 0, 0, 'config-outside', `${file} is a link to a file outside its folder — copy the file itself into the folder`);
        return undefined;
      }
    }
    bytes = await fs.readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    unreadable(file, bag);
    return undefined;
  }
  return decodeNonEmpty(bytes, file, bag);
}

type Entry = { kind: 'file'; st: Stats; link: boolean } | { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'other'; what: string; folder: boolean; link: boolean };

/**
 * What is at `p`, found with lstat and stat only (nothing is opened). `what` completes "this is …":
 * "a folder", "not a regular file (a named pipe)", "a symbolic link to a file that does not exist"…
 */
async function entryAt(p: string): Promise<Entry> {
  const link = await fs.lstat(p).then(
    (l) => l.isSymbolicLink(),
    () => false,
  );
  let st: Stats;
  try {
    st = await fs.stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'other', what: 'a symbolic link that leads back to itself (a loop)', folder: false, link: true };
    if (code === 'ENOENT' || code === 'ENOTDIR') return link ? { kind: 'other', what: 'a symbolic link to a file that does not exist', folder: false, link } : { kind: 'missing' };
    return { kind: 'unreadable' };
  }
  if (st.isFile()) return { kind: 'file', st, link };
  if (st.isDirectory()) return { kind: 'other', what: link ? 'a symbolic link to a folder' : 'a folder', folder: true, link };
  const kind = specialFileKind(st);
  return { kind: 'other', what: link ? `a symbolic link to ${kind}, not to a regular file` : `not a regular file (${kind})`, folder: false, link };
}

function unreadable(file: string, bag: DiagnosticBag): void {
  bag.error(file, 0, 0, 'file-unreadable', 'this file cannot be read — check that it is a file, not locked or protected, then try again');
}

/** decodeText, plus an error for a file with nothing in it. */
function decodeNonEmpty(bytes: Uint8Array, file: string, bag: DiagnosticBag): string | undefined {
  const text = decodeText(bytes, file, bag);
  if (text !== undefined && text.trim() === '') {
    bag.error(file, 0, 0, 'empty-file', 'this file is empty — write its content, or delete the file');
    return undefined;
  }
  return text;
}

export interface Split {
  doc: YamlDoc;
  body: string;
  bodyLine: number;
}

const FM_EXAMPLE =
  'start the file with these five lines: `---`, `episode: 3`, `title: 3 questions à André Jeannerot`, `interviewee: André Jeannerot`, `---`';

/**
 * Splits front matter from body and parses the front matter with positions.
 * Without front matter: an error if `required`, else an empty front matter and the whole text as body.
 */
function splitMarkdown(text: string | undefined, file: string, bag: DiagnosticBag, required: boolean): Split | undefined {
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const isFence = (l: string | undefined) => l !== undefined && /^---[ \t]*$/.test(l);
  if (!isFence(lines[0])) {
    if (!required) return { doc: parseYamlWithPositions('', file, bag), body: text, bodyLine: 1 };
    bag.error(file, 1, 1, 'frontmatter-missing', `this episode has no front matter (the block of \`key: value\` lines between two \`---\` lines at the top) — ${FM_EXAMPLE}`);
    return undefined;
  }
  if (text.indexOf('\n---', 3) === -1) {
    bag.error(file, 1, 1, 'frontmatter-unclosed', 'the front matter that starts here is never closed — add a line `---` after its last `key: value` line');
    return undefined;
  }
  // The block: what follows the opening `---` up to the first line starting with `---`.
  const raw = text.slice(3, text.indexOf('\n---', 3));
  // `raw` is the rest of line 1 (spaces) then, after a newline, the YAML lines.
  const nl = raw.indexOf('\n');
  const yamlText = nl === -1 ? '' : raw.slice(nl + 1);
  const closeLine = 2 + (raw.match(/\n/g)?.length ?? 0);
  if (!isFence(lines[closeLine - 1])) {
    bag.error(file, closeLine, 1, 'frontmatter-unclosed', 'the line that ends the front matter must be `---` alone — remove what follows `---` on this line');
    return undefined;
  }
  if (!checkYamlSize(yamlText, file, 1, bag)) return undefined;
  const doc = parseYamlWithPositions(yamlText, file, bag, { lineOffset: 1 });
  return { doc, body: lines.slice(closeLine).join('\n'), bodyLine: closeLine + 1 };
}

/** The non-empty string values of `keys` in a parsed YAML mapping. */
function textValues<K extends string>(value: unknown, keys: K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = v;
  }
  return out;
}

function isDraft(doc: YamlDoc): boolean {
  const v = doc.value;
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>).draft === true;
}

/** Checks that a file named in booklet.yaml is inside the source folder and exists. */
async function checkListedFile(
  name: string,
  key: string,
  dir: string,
  displayDir: string,
  configFile: string,
  keys: Record<string, KeyPos>,
  bag: DiagnosticBag,
): Promise<string | undefined> {
  const pos = keys[key] ?? { line: 1, column: 1 };
  const err = (code: string, message: string) => bag.error(configFile, pos.line, pos.column, code, message);
  const target = path.resolve(dir, name);
  if (path.isAbsolute(name) || /^[a-zA-Z]:[\\/]/.test(name) || !isInside(dir, target) || target === dir) {
    err('config-file-outside', `\`${key}\` must name a file inside ${displayDir}, but “${name}” is not — move the file into the folder and write its name, e.g. ${key}: _preface.md`);
    return undefined;
  }
  const e = await entryAt(target);
  if (e.kind === 'other') {
    err('config-file-not-a-file', `\`${key}\` names ${name}, but it is ${e.what} — put a Markdown file by that name in its place, or remove the \`${key}\` line`);
    return undefined;
  }
  if (e.kind !== 'file') {
    err('config-file-missing', `\`${key}\` names ${name}, but there is no such file in ${displayDir} — check the file name, or remove the \`${key}\` line`);
    return undefined;
  }
  const [realDir, real] = await Promise.all([fs.realpath(dir), fs.realpath(target)]);
  if (!isInside(realDir, real)) {
    err('config-file-outside', `\`${key}\` names ${name}, a link to a file outside ${displayDir} — copy the file itself into the folder`);
    return undefined;
  }
  return target;
}
