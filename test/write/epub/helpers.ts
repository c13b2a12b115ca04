/** Test helpers: build the sample EPUB once, read zip headers, run the validators. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { buildEpub, type EpubReport } from '../../../src/write/epub/index.js';
import { anniversaireTemplate, FONTS_DIR, REPO, sampleBooklet } from './fixture.js';

export const OUT_DIR = path.join(REPO, 'test/.out/epub');

let cached: (EpubReport & { bytes: Uint8Array }) | undefined;

/** Builds the sample booklet's EPUB once per test file: `beforeAll(buildSampleEpub)`. */
export async function buildSampleEpub(): Promise<void> {
  cached ??= await buildEpub(sampleBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR });
}

/** The sample booklet's EPUB, built by `buildSampleEpub`. */
export function sampleEpub(): EpubReport & { bytes: Uint8Array } {
  if (cached === undefined) throw new Error('call beforeAll(buildSampleEpub) first');
  return cached;
}

/** Writes bytes under test/.out/epub/ (gitignored) and returns the path. */
export function writeOut(name: string, bytes: Uint8Array): string {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, name);
  fs.writeFileSync(file, bytes);
  return file;
}

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

export function unzipText(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) out[name] = new TextDecoder().decode(data);
  return out;
}

export interface LocalHeader {
  name: string;
  method: number;
  dosTime: number;
  dosDate: number;
  extraLength: number;
  compressedSize: number;
}

/** The local file headers of a zip, read in file order (sizes are in the headers: no data descriptors). */
export function localHeaders(bytes: Uint8Array): LocalHeader[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: LocalHeader[] = [];
  let o = 0;
  while (o + 30 <= bytes.length && v.getUint32(o, true) === 0x04034b50) {
    const flags = v.getUint16(o + 6, true);
    if (flags & 8) throw new Error('data descriptor: sizes not in the local header');
    const nameLength = v.getUint16(o + 26, true);
    const extraLength = v.getUint16(o + 28, true);
    const compressedSize = v.getUint32(o + 18, true);
    out.push({
      name: new TextDecoder().decode(bytes.subarray(o + 30, o + 30 + nameLength)),
      method: v.getUint16(o + 8, true),
      dosTime: v.getUint16(o + 10, true),
      dosDate: v.getUint16(o + 12, true),
      extraLength,
      compressedSize,
    });
    o += 30 + nameLength + extraLength + compressedSize;
  }
  return out;
}

export interface CentralEntry {
  name: string;
  flags: number;
  dosTime: number;
  dosDate: number;
  extraLength: number;
}

/**
 * The central directory's entries, from the end-of-central-directory record (which must be the
 * plain one: a zip64 record, for files over 4 GB, has no business in an EPUB).
 */
export function centralEntries(bytes: Uint8Array): CentralEntry[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  if (v.getUint32(eocd, true) !== 0x06054b50) throw new Error('no end-of-central-directory record at the end (a comment?)');
  if (eocd >= 20 && v.getUint32(eocd - 20, true) === 0x07064b50) throw new Error('zip64 end-of-central-directory locator');
  const count = v.getUint16(eocd + 10, true);
  let o = v.getUint32(eocd + 16, true);
  const out: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (v.getUint32(o, true) !== 0x02014b50) throw new Error(`central directory entry ${i}: bad signature`);
    const nameLength = v.getUint16(o + 28, true);
    const extraLength = v.getUint16(o + 30, true);
    const commentLength = v.getUint16(o + 32, true);
    out.push({
      name: new TextDecoder().decode(bytes.subarray(o + 46, o + 46 + nameLength)),
      flags: v.getUint16(o + 8, true),
      dosTime: v.getUint16(o + 12, true),
      dosDate: v.getUint16(o + 14, true),
      extraLength,
    });
    o += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

export interface CheckSummary {
  fatal: number;
  errors: number;
  warnings: number;
  messages: string[];
  /** The tool's own summary line. */
  summary: string;
}

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';

/** Runs a command; resolves with its exit code and output, rejects when it cannot start. */
function run(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** EPUBCheck 4.2.6 (Java). Rejects when java or the jar is missing: never a silent skip. */
export async function runEpubcheckJava(epub: string): Promise<CheckSummary> {
  if (!fs.existsSync(EPUBCHECK_JAR)) {
    throw new Error(`${EPUBCHECK_JAR} is missing: apt-get install -y epubcheck default-jre-headless`);
  }
  const json = `${epub}.epubcheck.json`;
  fs.rmSync(json, { force: true });
  const r = await run('java', ['-jar', EPUBCHECK_JAR, epub, '--json', json]).catch((e: Error) => {
    throw new Error(`could not run java: ${e.message} (apt-get install -y default-jre-headless)`);
  });
  if (!fs.existsSync(json)) throw new Error(`EPUBCheck wrote no report (rc ${r.status}): ${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
    checker: { nFatal: number; nError: number; nWarning: number; checkerVersion: string };
    messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
  };
  const summary = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.startsWith('Messages:')) ?? '';
  return {
    fatal: report.checker.nFatal,
    errors: report.checker.nError,
    warnings: report.checker.nWarning,
    messages: report.messages.map((m) => `${m.severity} ${m.ID} ${m.message} @ ${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')}`),
    summary: `EPUBCheck ${report.checker.checkerVersion}: ${summary}`,
  };
}

/** `npx epubcheck-ts` (the npm port, run through its CLI as CI would). */
export function runEpubcheckTs(epub: string): CheckSummary {
  const json = `${epub}.epubcheck-ts.json`;
  fs.rmSync(json, { force: true });
  const bin = path.join(REPO, 'node_modules/@likecoin/epubcheck-ts/bin/epubcheck.js');
  const r = spawnSync(process.execPath, [bin, epub, '--quiet', '--json', json], { encoding: 'utf8', timeout: 120_000 });
  if (!fs.existsSync(json)) throw new Error(`epubcheck-ts wrote no report (rc ${r.status}): ${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
    checker: { version: string };
    fatals: number;
    errors: number;
    warnings: number;
    messages: { ID: string; severity: string; message: string; locations?: { path: string; line: number }[] }[];
  };
  return {
    fatal: report.fatals,
    errors: report.errors,
    warnings: report.warnings,
    messages: report.messages.map((m) => `${m.severity} ${m.ID} ${m.message} @ ${(m.locations ?? []).map((l) => `${l.path}:${l.line}`).join(', ')}`),
    summary: `epubcheck-ts ${report.checker.version}: ${report.fatals} fatals / ${report.errors} errors / ${report.warnings} warnings (rc ${r.status})`,
  };
}
