/** A Spool gathers small chunks into blocks: the file must hold exactly the bytes written, in order. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Spools } from '../../src/util/atomic-write.js';

describe('Spool', () => {
  it('writes every chunk in order, small ones, block-sized ones and larger ones, across block edges', () => {
    const spools = new Spools();
    try {
      const spool = spools.open('x.pdf');
      const sizes = [1, 7, 1000, 262_143, 2, 262_144, 1, 600_000, 5, 300_000, 0, 3];
      const chunks = sizes.map((n, i) => {
        const b = Buffer.alloc(n);
        for (let k = 0; k < n; k++) b[k] = (k * 31 + i * 7) & 0xff;
        return b;
      });
      for (const c of chunks) spool.write(c);
      spool.close();
      const all = Buffer.concat(chunks);
      expect(spool.size).toBe(all.byteLength);
      expect(fs.readFileSync(spool.path).equals(all)).toBe(true);
      expect(() => spool.write(Buffer.from('late'))).toThrow(/written after close/);
    } finally {
      spools.dispose();
    }
  });

  it('leaves nothing behind once disposed', () => {
    const spools = new Spools();
    const spool = spools.open('y.pdf');
    spool.write(Buffer.from('%PDF-1.4\n'));
    spool.close();
    expect(fs.existsSync(spool.path)).toBe(true);
    spools.dispose();
    expect(fs.existsSync(spool.path)).toBe(false);
  });
});
