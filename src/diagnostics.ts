/**
 * Diagnostics: what every room reports to the person running `booklet`.
 * A diagnostic names a file and a position, says what happened and what to do.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path as the user would type it (relative to the current folder when possible). */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  severity: Severity;
  /** Stable identifier, e.g. `frontmatter-missing-field`. */
  code: string;
  /** "what happened — what to do". */
  message: string;
}

/** The line printed for a diagnostic; what came from the user's files shows its control characters (`visible`). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${Math.max(d.column, 1)}` : d.file;
  return visible(`${where}: ${d.severity}: ${d.message}`);
}

/**
 * Characters that would act on a terminal instead of being shown: C0 and C1 controls (ESC starts
 * escape sequences that clear the screen or set the window title, a newline splits a
 * `file:line:col` line in two), DEL, and the bidirectional overrides and isolates, which reorder
 * what follows them on the line.
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with each character of TERMINAL_UNSAFE written as an escape (`\n`, `\t`, `\x1B`, `\u202E`), for printing on a terminal. */
export function visible(s: string): string {
  TERMINAL_UNSAFE.lastIndex = 0;
  if (!TERMINAL_UNSAFE.test(s)) return s;
  return s.replace(TERMINAL_UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${n.toString(16).toUpperCase()}`;
  });
}

/**
 * Collects diagnostics in the order they were found. The same diagnostic twice (a text set on
 * the cover and on the title page, say) is kept once.
 */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** Errors among the items (asked after every episode of a long booklet). */
  private errorCount = 0;

  error(file: string, line: number, column: number, code: string, message: string): void {
    this.add({ file, line, column, severity: 'error', code, message });
  }

  warn(file: string, line: number, column: number, code: string, message: string): void {
    this.add({ file, line, column, severity: 'warning', code, message });
  }

  add(d: Diagnostic): void {
    const key = `${d.file}\n${d.line}\n${d.column}\n${d.severity}\n${d.code}\n${d.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(d);
    if (d.severity === 'error') this.errorCount++;
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  /** Throws a BookletError carrying everything collected so far if any error was found. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new BookletError(this.items);
  }
}

/** A content or configuration error: exit code 1, diagnostics printed, no output written. */
export class BookletError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
    this.name = 'BookletError';
  }
}

/** A usage error (bad option, missing source folder): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
