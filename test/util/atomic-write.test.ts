/**
 * The output folder's checks: a folder that cannot be looked at or written is a UsageError naming
 * it (exit 2), never a system error as it is (exit 70). Root can read every folder here, so the
 * refusals of the file system are simulated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/diagnostics.js';
import { checkOutputFolder, writeFilesAtomically } from '../../src/util/atomic-write.js';

const denied = (syscall: string) => Object.assign(new Error(`EACCES: permission denied, ${syscall}`), { code: 'EACCES' });

afterEach(() => vi.restoreAllMocks());

describe('the output folder', () => {
  it('that cannot be looked at (stat refused) is a usage error naming it, before and while writing', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-aw-')), 'locked', 'out');
    const real = fs.statSync;
    vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => {
      if (String(p).endsWith(`${path.sep}locked`)) throw denied('stat');
      return real(p, o);
    }) as typeof fs.statSync);
    for (const run of [() => checkOutputFolder(dir), () => writeFilesAtomically([{ path: path.join(dir, 'x.pdf'), data: 'x' }])]) {
      expect(run).toThrow(UsageError);
      expect(run).toThrow(`cannot write into ${dir}: permission denied — choose another --out, or free the folder`);
    }
  });

  it('that cannot be written is a usage error naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booklet-aw-'));
    vi.spyOn(fs, 'accessSync').mockImplementation(() => {
      throw denied('access');
    });
    expect(() => checkOutputFolder(path.join(dir, 'out'))).toThrow(`cannot write into ${path.join(dir, 'out')}: permission denied`);
  });
});
