/** Run the external inspection tools the tests rely on; a missing tool fails the test. */
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';

export function run(cmd: string, args: string[], opts: { allowFail?: boolean; input?: string } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, input: opts.input });
  if (r.error) throw new Error(`${cmd} could not run (${(r.error as NodeJS.ErrnoException).code}) — install it (see .ci/run)`);
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tool(cmd: string, ...args: string[]): string {
  return run(cmd, args).stdout;
}

/** EPUBCheck 4.2.6 from Debian: returns error/warning counts and the messages. */
export function epubcheck(file: string, jsonOut: string): { errors: number; warnings: number; fatal: number; messages: string[] } {
  const jar = '/usr/share/java/epubcheck.jar';
  run('java', ['-jar', jar, file, '--json', jsonOut], { allowFail: true });
  const report = JSON.parse(fs.readFileSync(jsonOut, 'utf8')) as {
    checker: { nError: number; nWarning: number; nFatal: number };
    messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
  };
  return {
    errors: report.checker.nError,
    warnings: report.checker.nWarning,
    fatal: report.checker.nFatal,
    messages: report.messages.map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`),
  };
}

export interface AceResult {
  /** EARL outcome of the whole check: `pass` or `fail`. */
  outcome: string;
  /** Failed rules: `title impact: description`. */
  violations: string[];
  /** Accessibility metadata Ace reports missing (it always lists the certification fields). */
  missing: string[];
}

/**
 * Ace by DAISY (npm `@daisy/ace-cli`) on Debian's chromium (PUPPETEER_EXECUTABLE_PATH, default
 * /usr/bin/chromium); a missing browser or tool fails the test.
 */
export async function ace(epub: string, outDir: string): Promise<AceResult> {
  const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) throw new Error(`${chromium} is missing: apt-get install -y chromium (see .ci/run)`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const bin = new URL('../../node_modules/@daisy/ace-cli/bin/ace.js', import.meta.url).pathname;
  const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '-f', '-s', '-o', outDir, epub], { env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  const file = `${outDir}/report.json`;
  if (!fs.existsSync(file)) throw new Error(`ace-cli wrote no report (rc ${r.code}): ${r.out}`);
  type Assertion = { 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { 'earl:outcome': string; 'dct:description': string } };
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    'earl:result': { 'earl:outcome': string };
    assertions: { assertions: Assertion[] }[];
    'a11y-metadata': { missing: string[] };
  };
  const violations = report.assertions
    .flatMap((a) => a.assertions)
    .filter((a) => a['earl:result']['earl:outcome'] === 'fail')
    .map((a) => `${a['earl:test']['dct:title']} ${a['earl:test']['earl:impact']}: ${a['earl:result']['dct:description']}`);
  return { outcome: report['earl:result']['earl:outcome'], violations, missing: report['a11y-metadata'].missing };
}
