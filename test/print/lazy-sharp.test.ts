/**
 * Resolving the print job does not load sharp (libvips, ~20 MB resident); the print room asks for it for the
 * name of libvips' CMYK profile for the report, at the end, when no renderer process told it
 * (build-without-sharp.test.ts), not when the print job is resolved before
 * the layout. Its own file: vitest gives each file fresh modules, so nothing else has loaded sharp.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePrintJob } from '../../src/print/settings.js';
import { readTemplateFile } from '../../src/template/load.js';
import { sharpRequested } from '../../src/util/sharp.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the print job without a printer profile', () => {
  it('asks for sharp only when the images profile is needed', async () => {
    const t = readTemplateFile(path.join(ROOT, 'templates/anniversaire/template.yaml'), ROOT);
    expect(t.print?.profile).toBeUndefined();
    const job = await resolvePrintJob(t, {}, ROOT);
    expect(sharpRequested()).toBe(false);
    expect((await job.conversion()).name).toBe('Chemical proof');
    expect(sharpRequested()).toBe(true);
  });
});
