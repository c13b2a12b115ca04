/**
 * Template fixtures. Each folder of test/fixtures/template/ holds a `template.yaml` and an
 * `expected.txt`: one line per diagnostic (`formatDiagnostic(d)` then ` [code]`), read with
 * cwd = test/fixtures/template; or, when the template loads, `# loaded` and the values of the
 * keys that shape the pages (question, opener, runningHeads, folio, styles.openerNumber) as JSON.
 *
 * `UPDATE=1 npx vitest run test/template` rewrites the expected.txt files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BookletError, formatDiagnostic } from '../../src/diagnostics.js';
import { readTemplateFile } from '../../src/template/load.js';

const ROOT = path.resolve(import.meta.dirname, '../fixtures/template');
const UPDATE = process.env.UPDATE === '1';
const cases = fs
  .readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function outcome(name: string): string {
  try {
    const t = readTemplateFile(path.join(ROOT, name, 'template.yaml'), ROOT);
    const shown = { question: t.question, opener: t.opener, runningHeads: t.runningHeads, folio: t.folio, openerNumber: t.styles.openerNumber };
    return `# loaded\n${JSON.stringify(shown, null, 2)}\n`;
  } catch (e) {
    if (!(e instanceof BookletError)) throw e;
    return e.diagnostics.map((d) => `${formatDiagnostic(d)} [${d.code}]`).join('\n') + '\n';
  }
}

describe('template fixtures', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });
  for (const name of cases) {
    it(name, () => {
      const got = outcome(name);
      const file = path.join(ROOT, name, 'expected.txt');
      if (UPDATE) fs.writeFileSync(file, got);
      expect(got).toBe(fs.readFileSync(file, 'utf8'));
    });
  }
});
