/**
 * buildItems takes words met before from a cache of their pieces (faces, shaping, breaks): the
 * items must be exactly those of the character-by-character way, on text that exercises every rule.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../../src/diagnostics.js';
import { FontSet } from '../../src/fonts/fontset.js';
import { loadHyphenator } from '../../src/layout/text/hyphenate.js';
import { buildItems, runStyle, wordPlans, type Segment, type TextItem } from '../../src/layout/text/items.js';
import type { Inline } from '../../src/model/types.js';
import { loadTemplate, templateFontDirs } from '../../src/template/load.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const template = loadTemplate('anniversaire', path.join(ROOT, 'episodes'), { file: 'x', line: 0, column: 0 }, ROOT);

const t = (text: string): Inline => ({ kind: 'text', text });
const paragraphs: Inline[][] = [
  [t('Le développement des infrastructures numériques transforme profondément l’organisation des entreprises méditerranéennes.')],
  [t('Voir https://www.example.org/chemin/vers-la_page?x=1&y=2 ou écrire à contact.presse@exemple-asso.fr, c’est-à-dire vite.')],
  [t('M.\u00a0Dupont a\u202fdit\u00a0: «\u202fanticonstitutionnellement\u202f» ; 15\u202f000\u00a0€ — effi\u00adcacement, ‘office’ et “affinité”.')],
  [t('Des mots grecs (λόγος, φιλοσοφία), cyrilliques (развитие) et un emoji 🚀 au milieu des lettres d’information.')],
  [t('Une emphase au milieu d’un mot : extra'), { kind: 'emphasis', children: [t('ordinaire')] }, t('ment, puis '), { kind: 'strong', children: [t('considérablement')] }, t(' développé.')],
  [t('Une note'), { kind: 'footnoteRef', n: 3 }, t(' et un lien '), { kind: 'link', url: 'https://exemple.org', children: [t('vers l’association méditerranéenne')] }, t('.')],
  [t('Deux lignes'), { kind: 'break' }, t('avec un retour forcé et des mots\u2002séparés\u3000autrement et ofﬁcieusement.')],
  [t('Le XX'), { kind: 'sup', children: [t('e')] }, t(' siècle, le 1'), { kind: 'sup', children: [t('er')] }, t(' janvier, et encore développement développement.')],
];

/** Items as plain data (a face by its id and features). */
function dump(list: TextItem[]): unknown[] {
  const segs = (c: { segs: Segment[] } | undefined) =>
    c?.segs.map((g) => ({ ...g, face: `${g.face.ref.id}+${g.face.features.join(',')}`, shaped: { ...g.shaped } }));
  return list.map((i) => (i.type === 'glue' ? i : { ...i, content: i.content && { ...i.content, segs: segs(i.content) } }));
}

async function items(on: boolean, hyphenate: boolean, justify: boolean): Promise<unknown[][]> {
  wordPlans.enabled = on;
  try {
    const fonts = new FontSet(template, templateFontDirs(template));
    const hyphenator = await loadHyphenator('fr', ['Dupont']);
    const ctx = { fonts, template, lang: 'fr', bag: new DiagnosticBag(), hyphenator };
    const base = runStyle(template.styles.body);
    // Twice: the second time every word comes from the cache.
    return [...paragraphs, ...paragraphs].map((p) => dump(buildItems(p, base, ctx, { justify, hyphenate, indent: 3 })));
  } finally {
    wordPlans.enabled = true;
  }
}

/** Every paragraph in every setting in turn, with one FontSet (so with one word cache), by setting. */
async function interleaved(order: readonly (readonly [boolean, boolean])[]): Promise<Map<string, unknown[][]>> {
  const fonts = new FontSet(template, templateFontDirs(template));
  const hyphenator = await loadHyphenator('fr', ['Dupont']);
  const ctx = { fonts, template, lang: 'fr', bag: new DiagnosticBag(), hyphenator };
  const base = runStyle(template.styles.body);
  const res = new Map<string, unknown[][]>(order.map(([h, j]) => [`${h}/${j}`, []]));
  for (const p of [...paragraphs, ...paragraphs])
    for (const [hyphenate, justify] of order) res.get(`${hyphenate}/${justify}`)!.push(dump(buildItems(p, base, ctx, { justify, hyphenate, indent: 3 })));
  return res;
}

describe('word plans', () => {
  // A word's plan is shared between settings where it cannot differ (no hyphenation point, no hard hyphen).
  it('shared between settings give the items of each setting made alone', async () => {
    const settings = [
      [true, true],
      [false, true],
      [false, false],
      [true, false],
    ] as const;
    for (const order of [settings, [...settings].reverse()]) {
      const got = await interleaved(order);
      for (const [hyphenate, justify] of order) expect(got.get(`${hyphenate}/${justify}`)).toEqual(await items(false, hyphenate, justify));
    }
  });

  for (const [hyphenate, justify] of [
    [true, true],
    [false, true],
    [false, false],
  ] as const) {
    it(`give the items of the slow way (hyphenate ${hyphenate}, justify ${justify})`, async () => {
      const slow = await items(false, hyphenate, justify);
      const fast = await items(true, hyphenate, justify);
      expect(fast).toEqual(slow);
      const hyphens = fast.flat().filter((i) => (i as TextItem).type === 'penalty' && (i as { width: number }).width > 0).length;
      if (hyphenate) expect(hyphens).toBeGreaterThan(10);
    });
  }
});
