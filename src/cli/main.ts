/**
 * The command line: parse options, call the pipeline, print diagnostics, map errors to exit codes.
 *   0 success · 1 content or configuration error · 2 usage error · 70 internal bug
 *   130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option, InvalidArgumentError } from 'commander';
import { BookletError, UsageError, formatDiagnostic, visible, type Diagnostic } from '../diagnostics.js';
import { build, check, sourceDateEpoch, type BuildOptions } from '../pipeline.js';
import { typesetWorkerMode } from '../model/typeset-ahead.js';
import { listTemplates } from '../template/load.js';
import { MAX_BLEED } from '../template/schema.js';
import { VERSION } from '../version.js';
import { SCAFFOLD_LANGUAGES, initSource, newEpisode, type ScaffoldLanguage } from './scaffold.js';
import { displayPath } from '../util/paths.js';
import { isInside } from '../load/util.js';
import { ProgressLine, colourDiagnostic, paint, wantsColour } from './progress.js';
import { writeFilesAtomically } from '../util/atomic-write.js';
import { undoAll } from '../util/interrupt.js';
import { watch, type WatchBuild } from './watch.js';

export const EXIT = { ok: 0, content: 1, usage: 2, internal: 70, sigint: 130, sigterm: 143 } as const;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Stops `booklet watch` (for tests; in a terminal, Ctrl-C stops it). */
  signal?: AbortSignal;
}

interface CommonFlags {
  out: string;
  template?: string;
  drafts?: boolean;
  strict?: boolean;
  bleed?: number;
  linebreak?: 'knuth-plass' | 'greedy';
  json?: boolean;
  quiet?: boolean;
  report?: string;
  marks?: boolean;
  impose?: string;
  sheet?: string;
  creep?: number;
  variant?: string;
}

/** A decimal number as written (`3`, `0.8`, `2,5` refused): Number() would also take '', '0x10' or '1e1'. */
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

function creepMm(v: string): number {
  const n = DECIMAL.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 10) throw new InvalidArgumentError('give the creep of the innermost sheet in millimetres between 0 and 10, e.g. 0.8');
  return n;
}

function mm(v: string): number {
  const n = DECIMAL.test(v) ? Number(v) : NaN;
  // The range a template's page.bleed may take.
  if (!Number.isFinite(n) || n < 0 || n > MAX_BLEED) throw new InvalidArgumentError(`give a length in millimetres between 0 and ${MAX_BLEED}, e.g. 3`);
  return n;
}

export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  if (!io.stdout || !io.stderr) dropOutputAfterEpipe();
  const out: Io = {
    stdout: io.stdout ?? ((s) => void (process.stdout.destroyed || process.stdout.write(s))),
    stderr: io.stderr ?? ((s) => void (process.stderr.destroyed || process.stderr.write(s))),
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? !!process.stderr.isTTY,
    signal: io.signal,
  };
  const colour = paint(wantsColour(out.isTTY, out.env));
  // The progress line redraws itself with terminal escapes: not on a dumb terminal.
  const progressLine = out.isTTY && out.env.TERM !== 'dumb';
  let code: number = EXIT.ok;
  const wantsJson = argv.includes('--json');
  // The progress line of the command running, erased before a message.
  let progressShown: ProgressLine | undefined;

  const program = new Command('booklet')
    .description('Turn a folder of Markdown interviews into a print-ready PDF and an EPUB 3 booklet.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr, outputError: (s, write) => write(s.split('\n').map(visible).join('\n')) })
    .showHelpAfterError('(run `booklet --help` for the commands and options)');

  const withBuildOptions = (cmd: Command) =>
    cmd
      .argument('[source]', 'source folder with booklet.yaml and the episodes', 'episodes')
      .option('-o, --out <dir>', 'output folder', 'dist')
      .option('-t, --template <name>', 'template to use instead of the one named in booklet.yaml')
      .option('--drafts', 'include episodes marked `draft: true`')
      .option('--strict', 'treat warnings as errors')
      .addOption(new Option('--bleed <mm>', 'bleed in millimetres, overriding the template').argParser(mm))
      .addOption(new Option('--linebreak <algorithm>', 'line breaker, overriding the template').choices(['knuth-plass', 'greedy']))
      .option('--json', cmd.name() === 'watch' ? 'print one JSON document per build on stdout, one line each' : 'print one JSON document with the result on stdout')
      .option('-q, --quiet', 'print only warnings and errors')
      .option('--marks', 'add crop marks and a slug line to the print PDF (MediaBox = trim + 10 mm per side)')
      .addOption(new Option('--impose <kind>', 'also write <name>-imposed.pdf: 2-up spreads for saddle stitching').choices(['saddle']))
      .option('--sheet <size>', 'sheet of the imposed spreads: A4, A3, SRA3 or WxH in mm (default: A4 landscape for A5, pages cut at the trim)')
      .addOption(new Option('--creep <mm>', 'creep of the innermost sheet: pages move toward the spine by their share').argParser(creepMm))
      .addOption(new Option('--variant <name>', 'also write <name>-screen.pdf: RGB, tagged for accessibility, links active, no bleed').choices(['screen']));

  const buildOptions = (kind: 'build' | 'check' | 'watch', source: string, flags: CommonFlags): BuildOptions => {
    const dir = path.resolve(out.cwd, source);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageError(
        source === 'episodes'
          ? `source folder "episodes" (the default) not found — give the folder that holds booklet.yaml, \`booklet ${kind} <folder>\`, or start one with \`booklet init episodes\``
          : `source folder "${source}" not found — give the folder that holds booklet.yaml, e.g. \`booklet ${kind} episodes\``,
      );
    }
    if (flags.template !== undefined && flags.template.trim() === '') {
      throw new UsageError('--template needs the name of a template, e.g. `--template anniversaire` (`booklet templates` lists them)');
    }
    if (flags.report !== undefined) checkReportPath(flags.report, source, dir, out.cwd);
    return {
      source: dir,
      out: flags.out,
      cwd: out.cwd,
      template: flags.template,
      drafts: !!flags.drafts,
      strict: !!flags.strict,
      bleed: flags.bleed,
      linebreak: flags.linebreak,
      sourceDateEpoch: sourceDateEpoch(out.env),
      typesetWorker: typesetWorkerMode(out.env),
      print: { marks: !!flags.marks, impose: flags.impose, sheet: flags.sheet, creep: flags.creep },
      variants: flags.variant === 'screen' ? ['screen'] : undefined,
    };
  };

  const run = async (kind: 'build' | 'check', source: string, flags: CommonFlags) => {
    const opts = buildOptions(kind, source, flags);
    // The progress line: on a terminal only, never with --quiet or --json.
    const progress = new ProgressLine(out.stderr, progressLine && !flags.quiet && !flags.json, colour);
    opts.onProgress = progress.update;
    progressShown = progress;
    // `check --report`: the result, passed or not, so that a CI run keeps what stopped it.
    const report = (doc: { ok: boolean; diagnostics: Diagnostic[]; summary: object }) => {
      if (kind !== 'check' || !flags.report) return;
      writeFilesAtomically([{ path: path.resolve(out.cwd, flags.report), data: JSON.stringify(doc, null, 2) + '\n' }]);
    };
    let result;
    try {
      result = kind === 'build' ? await build(opts) : await check(opts);
    } catch (e) {
      if (e instanceof BookletError) report({ ok: false, diagnostics: e.diagnostics, summary: {} });
      throw e;
    } finally {
      progress.clear();
    }
    printDiagnostics(result.diagnostics, out, !!flags.json);
    report({ ok: true, diagnostics: result.diagnostics, summary: result.summary });
    if (flags.json) out.stdout(JSON.stringify({ ok: true, diagnostics: result.diagnostics, summary: result.summary }) + '\n');
    else if (!flags.quiet) printSummary(kind === 'build' ? 'built' : 'checked', result.summary, result.diagnostics, out);
  };

  withBuildOptions(program.command('build').description('write the PDF, the EPUB and the report into --out')).action(async (source: string, flags: CommonFlags) => {
    await run('build', source, flags);
  });
  withBuildOptions(program.command('check').description('validate and lay out the booklet; write nothing unless --report'))
    .option('--report <file>', 'write the result as JSON to this file')
    .action(async (source: string, flags: CommonFlags) => {
      await run('check', source, flags);
    });
  program
    .command('templates')
    .description('list the templates: names first, one per line, then their descriptions')
    .argument('[source]', 'source folder (its templates/ folder is listed too)', 'episodes')
    .action((source: string) => {
      const dir = path.resolve(out.cwd, source);
      const list = listTemplates(fs.existsSync(dir) ? dir : undefined, out.cwd);
      for (const t of list) out.stdout(`${visible(t.name)}\n`);
      out.stdout('\n');
      for (const t of list) out.stdout(visible(`${t.name}${t.builtin ? '' : ' (from ' + path.relative(out.cwd, t.dir) + ')'}: ${t.description}`) + '\n');
    });

  // --- booklet watch (src/cli/watch.ts) ---
  withBuildOptions(program.command('watch').description('build, then build again after every save in the source folder (Ctrl-C to stop)')).action(
    async (source: string, flags: CommonFlags) => {
      const opts = buildOptions('watch', source, flags);
      const progress = new ProgressLine(out.stderr, progressLine && !flags.quiet && !flags.json, colour);
      opts.onProgress = progress.update;
      const w = watch(opts);
      const shown = source;
      if (!flags.json) out.stderr(visible(`watching ${shown} for changes, writing into ${flags.out} — Ctrl-C to stop`) + '\n');
      w.on('build', (b) => {
        progress.clear();
        reportWatchBuild(b, flags, out);
      });
      let stop!: () => void;
      const stopped = new Promise<void>((resolve, reject) => {
        stop = resolve;
        w.on('error', (e) => reject(new UsageError(`stopped watching ${shown}: ${e.message} — check that the folder still exists, then start \`booklet watch\` again`)));
      });
      out.signal?.addEventListener('abort', stop, { once: true });
      if (out.signal?.aborted) stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await stopped;
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        out.signal?.removeEventListener('abort', stop);
        await w.close();
      }
      if (!flags.json) out.stderr('stopped watching\n');
    },
  );
  // --- end watch ---

  // --- booklet init / booklet new (src/cli/scaffold.ts) ---
  program
    .command('init')
    .description('create a new source folder (booklet.yaml, a preface, an example episode) that builds at once')
    .argument('<folder>', 'the folder to create; it must not exist or be empty')
    .addOption(new Option('--language <lang>', 'language of the example text').choices(SCAFFOLD_LANGUAGES as string[]).default('fr'))
    .action((folder: string, flags: { language: ScaffoldLanguage }) => {
      const dir = path.resolve(out.cwd, folder);
      const written = initSource(dir, folder, flags.language);
      for (const f of written) out.stderr(`created ${visible(displayPath(f, out.cwd))}\n`);
      out.stderr(visible(`next: edit the files, add an episode with \`booklet new ${flags.language === 'en' ? 'jane-doe' : 'marie-durand'}${folder === 'episodes' ? '' : ` --source ${folder}`}\`, then run \`booklet build ${folder}\``) + '\n');
    });
  program
    .command('new')
    .description('add an episode file NN-<slug>.md with the next free number and a front-matter skeleton')
    .argument('<slug>', "the interviewee's name in lower case with hyphens, e.g. marie-durand")
    .option('--source <folder>', 'source folder', 'episodes')
    .action((slug: string, flags: { source: string }) => {
      const file = newEpisode(path.resolve(out.cwd, flags.source), flags.source, slug);
      out.stdout(`${visible(displayPath(file, out.cwd))}\n`);
    });
  // --- end init / new ---

  // Ctrl-C or SIGTERM during a command (watch stops on its own): what the build made so far is
  // removed (src/util/interrupt.ts), so --out keeps the outputs of the last good build, and the
  // process ends with 128 + the signal's number. A handler runs between turns of the event loop:
  // synchronous work (the final renames, init, new) ends first.
  let ended = false;
  const stopped = (signal: NodeJS.Signals) => {
    progressShown?.clear();
    undoAll();
    const p = paint(wantsColour(out.isTTY, out.env));
    out.stderr(`${p.red('booklet: stopped')} by ${signal}${ended ? ' after the command ended' : ', nothing written'}\n`);
    // --json: its one document, unless the command printed it.
    if (wantsJson && !ended) out.stdout(JSON.stringify({ ok: false, diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', code: 'interrupted', message: `stopped by ${signal}` }], summary: {} }) + '\n');
    process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
  };
  let listening = false;
  program.hook('preAction', (_program, command) => {
    if (command.name() === 'watch') return;
    process.on('SIGINT', stopped);
    process.on('SIGTERM', stopped);
    listening = true;
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    code = handleError(e, out, wantsJson);
  }
  if (listening) {
    ended = true;
    // One turn of the event loop: a signal that came during the last synchronous stretch is acted on.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('SIGINT', stopped);
    process.off('SIGTERM', stopped);
  }
  return code;
}

/**
 * `--report <file>` must not replace a file the build reads: inside the source folder (links
 * resolved) only a `.json` name is taken, which no build reads (a report of an earlier check).
 */
function checkReportPath(report: string, source: string, dir: string, cwd: string): void {
  if (report.trim() === '') throw new UsageError('--report needs the name of the file to write the result to, e.g. `--report check.json`');
  if (/\.json$/i.test(report)) return;
  const abs = path.resolve(cwd, report);
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  if (isInside(dir, abs) || isInside(real(dir), path.join(real(path.dirname(abs)), path.basename(abs)))) {
    throw new UsageError(
      `--report ${report} is in the source folder ${source}: it may be a file the build reads (an episode, booklet.yaml, the preface, an image, a template), and the report would replace it — write the report outside the source folder, or give it a .json name (e.g. \`--report check.json\`)`,
    );
  }
}

let droppingAfterEpipe = false;

/**
 * A reader that stops reading (`booklet templates | head -1`, `booklet new x | true`) is not an error
 * of booklet: stdout or stderr then fails with EPIPE, what is left to print on it is dropped (the
 * stream is destroyed), and the command ends with its own exit code. Without a listener, Node
 * throws the 'error' event with its stack trace.
 */
function dropOutputAfterEpipe(): void {
  if (droppingAfterEpipe) return;
  droppingAfterEpipe = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
    });
  }
}

function handleError(e: unknown, out: Io, json: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    // Commander printed the message; with --json, stdout still gets its one document.
    if (json) out.stdout(JSON.stringify({ ok: false, diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', code: 'usage', message: e.message.replace(/^error: /, '') }], summary: {} }) + '\n');
    return EXIT.usage;
  }
  const p = paint(wantsColour(out.isTTY, out.env));
  if (e instanceof BookletError) {
    printDiagnostics(e.diagnostics, out, json);
    const n = e.diagnostics.filter((d) => d.severity === 'error').length;
    if (json) out.stdout(JSON.stringify({ ok: false, diagnostics: e.diagnostics, summary: {} }) + '\n');
    else out.stderr(`${p.red(`booklet: ${n} error${n === 1 ? '' : 's'}`)}, nothing written\n`);
    return EXIT.content;
  }
  if (e instanceof UsageError) {
    out.stderr(`${p.red('booklet: error:')} ${visible(e.message)}\n`);
    if (json) out.stdout(JSON.stringify({ ok: false, diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', code: 'usage', message: e.message }], summary: {} }) + '\n');
    return EXIT.usage;
  }
  const err = e as Error;
  out.stderr(`${p.red('booklet: internal error:')} ${visible(err?.message ?? String(e))} — this is a bug in booklet; please report it with the command you ran and the files involved\n`);
  if (out.env.BOOKLET_DEBUG) out.stderr(`${err?.stack ?? ''}\n`);
  if (json) out.stdout(JSON.stringify({ ok: false, diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', code: 'internal', message: err?.message ?? String(e) }], summary: {} }) + '\n');
  return EXIT.internal;
}

/** At most this many diagnostics of one code are printed (all of them are in --json and the report). */
const SAME_CODE_SHOWN = 20;

function printDiagnostics(ds: Diagnostic[], out: Io, _json: boolean): void {
  const p = paint(wantsColour(out.isTTY, out.env));
  const seen = new Map<string, number>();
  for (const d of ds) {
    const n = (seen.get(d.code) ?? 0) + 1;
    seen.set(d.code, n);
    if (n <= SAME_CODE_SHOWN) out.stderr(colourDiagnostic(formatDiagnostic(d), p) + '\n');
  }
  for (const [code, n] of seen) {
    if (n > SAME_CODE_SHOWN) out.stderr(p.dim(`… and ${n - SAME_CODE_SHOWN} more ${code} like the above (--json or the report lists them all)`) + '\n');
  }
}

/** The last lines of a build or check: pages, warnings, time, then each file with its size. */
function printSummary(
  verb: 'built' | 'checked' | 'rebuilt',
  s: { title: string; episodes: number; pages: number; template: string; ms: number; files?: { path: string; bytes: number }[]; preflight?: { id: string; status: string; summary: string }[]; notices?: string[] },
  ds: Diagnostic[],
  out: Io,
): void {
  const p = paint(wantsColour(out.isTTY, out.env));
  const warn = ds.filter((d) => d.severity === 'warning').length;
  const warnings = `${warn} warning${warn === 1 ? '' : 's'}`;
  out.stderr(
    `${p.green(verb)} "${visible(s.title)}": ${s.episodes} episode${s.episodes === 1 ? '' : 's'}, ${s.pages} pages, template ${s.template}, ${warn ? p.yellow(warnings) : warnings}, ${formatMs(s.ms)}\n`,
  );
  for (const f of s.files ?? []) out.stderr(`  ${visible(f.path)}  ${formatBytes(f.bytes)}\n`);
  printPreflight(s, out);
}

/** One watch build: diagnostics and a summary, or the failure; with --json, one JSON line. */
function reportWatchBuild(b: WatchBuild, flags: CommonFlags, out: Io): void {
  const p = paint(wantsColour(out.isTTY, out.env));
  if (flags.json) {
    printDiagnostics(b.diagnostics, out, true);
    const summary = b.result?.summary ?? {};
    const diagnostics = b.ok || b.error instanceof BookletError ? b.diagnostics : [{ file: '', line: 0, column: 0, severity: 'error', code: b.error instanceof UsageError ? 'usage' : 'internal', message: (b.error as Error)?.message ?? String(b.error) }];
    out.stdout(JSON.stringify({ ok: b.ok, build: b.n, changed: b.changed, diagnostics, summary }) + '\n');
    return;
  }
  const changed = b.changed.length ? p.dim(visible(` (${b.changed.length > 3 ? `${b.changed.slice(0, 3).join(', ')}…` : b.changed.join(', ')} changed)`)) : '';
  if (b.ok && b.result) {
    printDiagnostics(b.diagnostics, out, false);
    if (!flags.quiet) {
      if (b.n === 1) printSummary('built', b.result.summary, b.diagnostics, out);
      else {
        const warn = b.diagnostics.filter((d) => d.severity === 'warning').length;
        out.stderr(`${p.green('rebuilt')} in ${formatMs(b.ms)}: ${b.result.summary.pages} pages, ${warn} warning${warn === 1 ? '' : 's'}${changed}\n`);
      }
    }
    return;
  }
  if (b.error instanceof BookletError) {
    printDiagnostics(b.diagnostics, out, false);
    const n = b.diagnostics.filter((d) => d.severity === 'error').length;
    out.stderr(`${p.red(`booklet: ${n} error${n === 1 ? '' : 's'}`)}, outputs left as they were${changed} — fix and save to build again\n`);
  } else if (b.error instanceof UsageError) {
    out.stderr(`${p.red('booklet: error:')} ${visible(b.error.message)} — watching for changes\n`);
  } else {
    const err = b.error as Error;
    out.stderr(`${p.red('booklet: internal error:')} ${visible(err?.message ?? String(b.error))} — this is a bug in booklet; please report it with the files involved. Watching for changes\n`);
    if (out.env.BOOKLET_DEBUG) out.stderr(`${err?.stack ?? ''}\n`);
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** The preflight checks and print notices, one line each. */
function printPreflight(s: { preflight?: { id: string; status: string; summary: string }[]; notices?: string[] }, out: Io): void {
  if (s.preflight?.length) {
    out.stderr('preflight:\n');
    const p = paint(wantsColour(out.isTTY, out.env));
    for (const c of s.preflight) out.stderr(`  ${c.status === 'pass' ? 'ok  ' : c.status === 'warn' ? p.yellow('warn') : p.red('FAIL')}  ${c.id.padEnd(12)} ${visible(c.summary)}\n`);
  }
  for (const n of s.notices ?? []) out.stderr(`note: ${visible(n)}\n`);
}

function formatBytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
