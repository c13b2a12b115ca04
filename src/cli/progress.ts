/**
 * What the command line shows while it works: colours (on a terminal, never with NO_COLOR) and a
 * one-line progress display on stderr (on a terminal, never with --quiet or --json). When stderr is
 * not a terminal (a CI log, a pipe), nothing but the diagnostics and the final summary is printed.
 */
import type { BuildOptions } from '../pipeline.js';

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

/** Colours on a terminal, unless NO_COLOR is set (to any value, https://no-color.org) or TERM is dumb. */
export function wantsColour(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

export function paint(enabled: boolean): Paint {
  const sgr = (open: number, close: number) => (s: string) => (enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/** `file:line:col: error: …` with the severity coloured. */
export function colourDiagnostic(line: string, p: Paint): string {
  return line.replace(/^(.*?: )(error|warning)(: )/, (_m, where: string, sev: string, colon: string) =>
    `${p.bold(where)}${sev === 'error' ? p.red(p.bold(sev)) : p.yellow(p.bold(sev))}${colon}`,
  );
}

type Stage = Parameters<NonNullable<BuildOptions['onProgress']>>[0];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The words of a progress step. */
export function describeProgress(stage: Stage, done: number, total: number): string {
  switch (stage) {
    case 'load':
      return done === 0 ? 'reading the source folder…' : `read ${plural(done, 'episode')}`;
    case 'model':
      return done < total ? `reading the Markdown of ${plural(total, 'episode')}…` : `read the Markdown of ${plural(total, 'episode')}`;
    case 'layout':
      return total === 0 ? 'laying out the pages…' : `laid out ${plural(total, 'page')}`;
    case 'print':
      return done < total ? `preparing the print file (${plural(total, 'page')}, images, preflight)…` : 'print file ready';
    case 'write':
      return done < total ? `writing the files: ${['PDF', 'EPUB', 'files'][done] ?? 'files'} (${done + 1}/${total})…` : 'files written';
  }
}

/**
 * A status line rewritten in place (`\r` + erase line). `clear()` before printing anything else.
 * Disabled, it does nothing at all.
 */
export class ProgressLine {
  private shown = false;
  private t0 = performance.now();

  constructor(
    private readonly write: (s: string) => void,
    readonly enabled: boolean,
    private readonly p: Paint = paint(false),
  ) {}

  /** For `BuildOptions.onProgress`. */
  readonly update = (stage: Stage, done: number, total: number): void => {
    if (!this.enabled) return;
    if (stage === 'load' && done === 0) this.t0 = performance.now();
    const s = ((performance.now() - this.t0) / 1000).toFixed(1);
    this.write(`\r\x1b[2K${this.p.dim(`[${s} s]`)} ${describeProgress(stage, done, total)}`);
    this.shown = true;
  };

  clear(): void {
    if (!this.shown) return;
    this.write('\r\x1b[2K');
    this.shown = false;
  }
}
