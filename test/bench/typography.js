// Typographic figures, Knuth–Plass against the greedy breaker, on the sample booklet and on a
// generated corpus: hyphenated lines, adjustment ratios (mean and 95th percentile of |r|), lines
// starting with ; : ! ? », overfull lines, widows and orphans. `npm run measure` (builds lib/ first).
//   node test/bench/typography.js [--sizes 200] [--json out.json]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../corpus/generate.js';
import { prepare } from '../../lib/pipeline.js';
import { emptyStats } from '../../lib/layout/lint.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const sizes = opt('--sizes', '200').split(',').map(Number);

const sources = [{ name: 'sample', dir: path.join(ROOT, 'episodes') }];
for (const n of sizes) {
  const dir = path.join(ROOT, 'test', '.out', `bench-${n}`);
  if (!fs.existsSync(path.join(dir, 'booklet.yaml'))) generateCorpus(dir, n);
  sources.push({ name: `corpus ${n}`, dir });
}

function p95(xs) {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

const rows = [];
for (const src of sources) {
  for (const algorithm of ['knuth-plass', 'greedy']) {
    const stats = emptyStats();
    const t0 = performance.now();
    const r = await prepare({ source: src.dir, out: path.join(ROOT, 'test', '.out', 'measure'), cwd: ROOT, drafts: false, strict: false, linebreak: algorithm, stats, sourceDateEpoch: 1790000000 });
    const ms = performance.now() - t0;
    const mean = stats.ratios.reduce((a, b) => a + b, 0) / Math.max(1, stats.ratios.length);
    rows.push({
      source: src.name,
      breaker: algorithm,
      pages: r.paged.pages.length,
      lines: stats.lines,
      hyphenated: stats.hyphenated,
      meanR: mean,
      p95R: p95(stats.ratios),
      loose: stats.loose,
      punctuationStarts: stats.punctuationStarts,
      overfull: stats.overfull,
      widows: stats.widows,
      orphans: stats.orphans,
      stranded: stats.strandedQuestions,
      ladders: stats.hyphenLadders,
      shortPages: stats.shortPages,
      ms: Math.round(ms),
    });
  }
}

const cols = ['source', 'breaker', 'pages', 'lines', 'hyphenated', 'meanR', 'p95R', 'loose', 'punctuationStarts', 'overfull', 'widows', 'orphans', 'stranded', 'ladders', 'shortPages', 'ms'];
const head = ['source', 'breaker', 'pages', 'lines', 'hyphenated', 'mean abs(r)', 'p95 abs(r)', 'loose', 'starts ;:!?»', 'overfull', 'widows', 'orphans', 'stranded Q', 'hyphen ladders', 'short pages', 'prepare ms'];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${cols.map((c) => (typeof r[c] === 'number' && !Number.isInteger(r[c]) ? r[c].toFixed(3) : r[c])).join(' | ')} |`);
const out = opt('--json');
if (out) fs.writeFileSync(out, JSON.stringify(rows, null, 2));
