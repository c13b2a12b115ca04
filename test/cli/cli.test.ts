/**
 * The command-line contract: exit codes, --json, --help/--version, no output on failure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as cli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');


function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-cli-'));
}

/** A copy of the sample source folder that a test may break. */
function sampleCopy(): string {
  const d = tmp();
  fs.cpSync(path.join(ROOT, 'episodes'), d, { recursive: true });
  return d;
}

describe('booklet CLI', () => {
  it('prints its version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints help for the program and for build', async () => {
    const a = await cli(['--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/build/);
    expect(a.stdout).toMatch(/check/);
    const b = await cli(['build', '--help']);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/--out/);
  });

  it('exits 2 on an unknown option and on a missing source folder', async () => {
    expect((await cli(['build', '--nope'])).code).toBe(2);
    const r = await cli(['build', 'no-such-folder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-folder/);
    // Without a source folder, where there is no episodes/: how to start one.
    const d = await cli(['build'], tmp());
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/"episodes" \(the default\) not found .*`booklet init episodes`/);
  });

  it('exits 1 on an unknown template, naming booklet.yaml and the known templates, and writes nothing', async () => {
    const src = sampleCopy();
    const out = path.join(src, 'out');
    fs.writeFileSync(path.join(src, 'booklet.yaml'), fs.readFileSync(path.join(src, 'booklet.yaml'), 'utf8').replace('template: anniversaire', 'template: nope'));
    const r = await cli(['build', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/booklet\.yaml:\d+:\d+: error: unknown template "nope" — use one of: anniversaire/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(out)).toBe(false);
    const o = await cli(['build', src, '--out', out, '--template', 'other']);
    expect(o.code).toBe(1);
    // An empty name is the option's fault, not booklet.yaml's.
    const e = await cli(['build', src, '--out', out, '--template', '']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--template needs the name of a template/);
    expect(e.stderr).not.toMatch(/booklet\.yaml/);
  });

  it('prints exactly one JSON document on stdout with --json, success or failure', async () => {
    const out = tmp();
    const ok = await cli(['build', 'episodes', '--out', out, '--json']);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expect(doc.ok).toBe(true);
    expect(Array.isArray(doc.diagnostics)).toBe(true);
    expect(doc.summary.pages).toBeGreaterThan(0);
    expect(doc.summary.files.map((f: { path: string }) => path.basename(f.path)).sort()).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);

    const src = sampleCopy();
    fs.writeFileSync(path.join(src, '03-andre-jeannerot.md'), '---\nepisode: trois\ntitle: X\ninterviewee: Y\n---\nTexte.\n');
    const bad = await cli(['build', src, '--out', path.join(src, 'out'), '--json']);
    expect(bad.code).toBe(1);
    const d = JSON.parse(bad.stdout);
    expect(d.ok).toBe(false);
    expect(d.diagnostics[0]).toMatchObject({ line: 2, severity: 'error' });
    expect(Object.keys(d.diagnostics[0]).sort()).toEqual(['code', 'column', 'file', 'line', 'message', 'severity']);
  }, 30_000); // a whole build: 4–7 s on a shared 2-core machine

  it('keeps the previous outputs when a later build fails', async () => {
    const src = sampleCopy();
    const out = path.join(src, 'out');
    expect((await cli(['build', src, '--out', out])).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'medinsoft-20-ans.pdf'));
    fs.writeFileSync(path.join(src, '03-andre-jeannerot.md'), 'no front matter here\n');
    expect((await cli(['build', src, '--out', out])).code).toBe(1);
    expect(fs.readFileSync(path.join(out, 'medinsoft-20-ans.pdf')).equals(before)).toBe(true);
    expect(fs.readdirSync(out).sort()).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
  }, 30_000);

  it('check writes nothing, and --strict turns warnings into errors', async () => {
    const src = sampleCopy();
    fs.writeFileSync(path.join(src, '03-andre-jeannerot.md'), fs.readFileSync(path.join(src, '03-andre-jeannerot.md'), 'utf8').replace('episode: 3', 'episode: 3\ncolour: blue'));
    const r = await cli(['check', src]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*colour/);
    expect(fs.readdirSync(src).some((f) => f === 'dist')).toBe(false);
    const s = await cli(['check', src, '--strict']);
    expect(s.code).toBe(1);
  });

  it('check --report writes the result whether the check passes or not (a CI run keeps what stopped it)', async () => {
    const src = sampleCopy();
    const report = path.join(src, 'reports', 'check.json');
    const ok = await cli(['check', src, '--report', report]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(report, 'utf8'))).toMatchObject({ ok: true, summary: { episodes: 1 } });
    fs.rmSync(report);
    fs.writeFileSync(path.join(src, '03-andre-jeannerot.md'), fs.readFileSync(path.join(src, '03-andre-jeannerot.md'), 'utf8').replace('episode: 3', 'episode: 3\ncolour: blue'));
    const strict = await cli(['check', src, '--strict', '--report', report]);
    expect(strict.code).toBe(1);
    const doc = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ file: expect.stringContaining('03-andre-jeannerot.md'), line: 3, severity: 'error', message: expect.stringMatching(/colour/) }));
  }, 30_000);

  it('prints one JSON document with --json on options it refuses too (exit 2)', async () => {
    for (const args of [['build', '--json', '--bogus'], ['build', '--json', '--bleed', '50'], ['build', '--json', '--variant', 'print'], ['check', '--json', '--linebreak', 'best']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ ok: false, summary: {} });
      expect(doc.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'usage', message: expect.any(String) })]);
      expect(doc.diagnostics[0].message, args.join(' ')).not.toMatch(/^error:/);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  it('refuses an output folder it cannot write before building (exit 2, the folder named), and never leaves part of the outputs', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    for (const out of [path.join(dir, 'afile'), path.join(dir, 'afile', 'sub'), '/proc/booklet-out']) {
      const r = await cli(['build', 'episodes', '--out', out]);
      expect(r.code, `${out}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/error: cannot write into .* — choose another --out/);
      expect(r.stderr).not.toMatch(/internal error/);
    }
    expect(fs.readFileSync(path.join(dir, 'afile'), 'utf8')).toBe('x');
    const rep = await cli(['check', 'episodes', '--report', path.join(dir, 'afile', 'check.json')]);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toMatch(/cannot write into/);

    // An output name taken by a folder: refused before anything is replaced.
    const out = path.join(dir, 'out');
    expect((await cli(['build', 'episodes', '--out', out])).code).toBe(0);
    const pdf = fs.readFileSync(path.join(out, 'medinsoft-20-ans.pdf'));
    fs.rmSync(path.join(out, 'medinsoft-20-ans.epub'));
    fs.mkdirSync(path.join(out, 'medinsoft-20-ans.epub'));
    const r = await cli(['build', 'episodes', '--out', out], ROOT, { SOURCE_DATE_EPOCH: '1790000001' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/medinsoft-20-ans\.epub: a folder has that name — remove it, or choose another --out/);
    expect(fs.readFileSync(path.join(out, 'medinsoft-20-ans.pdf')).equals(pdf)).toBe(true);
    expect(fs.readdirSync(out).sort()).toEqual(['medinsoft-20-ans.epub', 'medinsoft-20-ans.pdf', 'medinsoft-20-ans.report.json']);
  }, 60_000);

  it('refuses lengths that are not decimal numbers of millimetres (exit 2)', async () => {
    for (const [opt, v] of [['--bleed', ''], ['--bleed', '0x10'], ['--bleed', '1e1'], ['--bleed', '-5'], ['--creep', ' '], ['--creep', '0x1']]) {
      const r = await cli(['check', 'episodes', opt!, v!]);
      expect(r.code, `${opt} "${v}"`).toBe(2);
      expect(r.stderr).toMatch(/millimetres/);
    }
    expect((await cli(['check', 'episodes', '--bleed', '3.5', '--json'])).code).toBe(0);
  }, 30_000);

  it('lists the templates, names first', async () => {
    const r = await cli(['templates']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('anniversaire');
  });

  it('refuses a variant it does not know (usage error, nothing written)', async () => {
    const out = tmp();
    const r = await cli(['build', '--variant', 'web', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--variant.*screen/);
    expect(fs.existsSync(out) && fs.readdirSync(out).length > 0).toBe(false);
  });

  it('rejects a SOURCE_DATE_EPOCH that is not a number', async () => {
    const r = await cli(['check'], ROOT, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SOURCE_DATE_EPOCH/);
  });

  it('rejects a SOURCE_DATE_EPOCH after the year 9999 (exit 2), and accepts its last second', async () => {
    for (const v of ['99999999999999999999', '253402300800']) {
      const r = await cli(['check'], ROOT, { SOURCE_DATE_EPOCH: v });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, at most 253402300799 (the end of the year 9999), got "${v}" — `);
    }
    expect((await cli(['check'], ROOT, { SOURCE_DATE_EPOCH: '253402300799' })).code).toBe(0);
  });

  it('refuses a booklet.yaml that is a named pipe (exit 1, no hang) and warns of an episode that is not a file', async () => {
    const d = sampleCopy();
    fs.rmSync(path.join(d, 'booklet.yaml'));
    execFileSync('mkfifo', [path.join(d, 'booklet.yaml')]);
    const hung = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('booklet check hung')), 10_000).unref());
    const r = await Promise.race([cli(['check', d]), hung]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/booklet\.yaml: error: .*booklet\.yaml is not a regular file \(a named pipe\) — /);

    fs.rmSync(path.join(d, 'booklet.yaml'));
    fs.copyFileSync(path.join(ROOT, 'episodes', 'booklet.yaml'), path.join(d, 'booklet.yaml'));
    fs.symlinkSync('nowhere.md', path.join(d, '04-a.md'));
    execFileSync('mkfifo', [path.join(d, '08-f.md')]);
    const w = await Promise.race([cli(['check', d]), hung]);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/04-a\.md: warning: this is a symbolic link to a file that does not exist, so it is left out of the booklet — /);
    expect(w.stderr).toMatch(/08-f\.md: warning: this is not a regular file \(a named pipe\), so it is left out of the booklet — /);
  }, 60_000);
});

describe('booklet CLI line breaker option', () => {
  it('accepts --linebreak greedy and refuses an unknown breaker', async () => {
    const out = tmp();
    const ok = await cli(['check', 'episodes', '--linebreak', 'greedy', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).ok).toBe(true);
    expect((await cli(['build', '--linebreak', 'best', '--out', out])).code).toBe(2);
  });
});
