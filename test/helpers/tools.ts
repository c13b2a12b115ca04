/** Run the external inspection tools the tests rely on; a missing tool fails the test. */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

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
