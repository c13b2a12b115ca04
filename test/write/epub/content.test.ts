import fs from 'node:fs';
import path from 'node:path';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEpub } from '../../../src/write/epub/index.js';
import { anniversaireTemplate, asset, FONTS_DIR, IMAGES_DIR, minimalEnglishBooklet, sampleBooklet } from './fixture.js';
import { buildSampleEpub, sampleEpub, unzip, unzipText } from './helpers.js';

beforeAll(buildSampleEpub, 120_000);

const files = () => unzipText(sampleEpub().bytes);
const ep1 = () => files()['EPUB/01-elise-durand.xhtml']!;
const ep2 = () => files()['EPUB/02-bob-cie.xhtml']!;

describe('XHTML content documents', () => {
  it('are well-formed XML (parsed by libxml2 through epubcheck-ts)', async () => {
    const all = unzip(sampleEpub().bytes);
    const xml = Object.keys(all).filter((n) => /\.(xhtml|opf|ncx|xml)$/.test(n));
    expect(xml.length).toBeGreaterThanOrEqual(8);
    for (const name of xml.filter((n) => n.endsWith('.xhtml'))) {
      const mode = name.endsWith('nav.xhtml') ? 'nav' : 'xhtml';
      const r = await EpubCheck.validateSingleFile(all[name]!, name.split('/').pop()!, { mode, version: '3.0' });
      expect(r.messages.map((m) => `${m.id} ${m.message}`), name).toEqual([]);
    }
  });

  it('set lang and xml:lang on every <html>', async () => {
    for (const [name, text] of Object.entries(files())) {
      if (!name.endsWith('.xhtml')) continue;
      expect(text, name).toMatch(/<html [^>]*lang="fr" xml:lang="fr"/);
    }
    const en = unzipText((await buildEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR })).bytes);
    expect(en['EPUB/ann.xhtml']).toMatch(/<html [^>]*lang="en-GB" xml:lang="en-GB"/);
  });

  it('write one file per episode plus title page, contents and preface, named from the slugs', () => {
    const names = Object.keys(files()).filter((n) => n.endsWith('.xhtml'));
    expect(names.sort()).toEqual([
      'EPUB/01-elise-durand.xhtml',
      'EPUB/02-bob-cie.xhtml',
      'EPUB/colophon.xhtml',
      'EPUB/nav.xhtml',
      'EPUB/preface.xhtml',
      'EPUB/title.xhtml',
    ]);
  });

  it('never let an episode slug take a fixed file name', async () => {
    const booklet = minimalEnglishBooklet();
    booklet.episodes[0]!.slug = 'Nav';
    const names = Object.keys(unzip((await buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR })).bytes));
    expect(names).toContain('EPUB/nav-2.xhtml');
    expect(names).toContain('EPUB/nav.xhtml');
  });

  it('open an episode with kicker, h1 title, headline in « », interviewee, role, portrait and lede', () => {
    const x = ep1();
    expect(x).toContain('<p class="kicker">Épisode 1</p>');
    expect(x).toContain('<h1 class="title" id="episode-title">Trois questions à Élise Durand</h1>');
    expect(x).toContain('<p class="headline">«\u202FLe logiciel, c’est d’abord des gens\u202F!\u202F»</p>');
    expect(x).toContain('<p class="interviewee">Élise Durand</p>');
    expect(x).toContain('<p class="role">Présidente &amp; fondatrice</p>');
    expect(x).toContain('<img src="images/portrait.jpg" alt="Élise Durand, souriante, devant une bibliothèque" width="40" height="50"/>');
    expect(x).toContain('<span class="credit">© Jean Photographe</span>');
    expect(x).toContain('<p class="lede">Vingt ans après, elle revient sur l’aventure\u00A0: <em>souvenirs</em>.</p>');
    expect(x).toMatch(/<section class="episode" id="episode-1" epub:type="chapter" role="doc-chapter" aria-labelledby="episode-title">/);
  });

  it('keep French spaces U+202F and U+00A0 as they are', () => {
    expect(ep1()).toContain('commencé\u202F?');
    expect(ep1()).toContain('ambitieux\u202F;');
    expect(ep1()).not.toMatch(/&#x?(8239|202f|160|a0);/i);
  });

  it('make questions headings with class question: h2, then h3 under an intertitle', () => {
    const x = ep1();
    expect(x).toContain('<h2 class="question"><span class="marker" aria-hidden="true">—</span> Comment tout a commencé\u202F?</h2>');
    expect(x).toContain('<h2 class="intertitle">Les débuts</h2>');
    expect(x).toContain('<h3 class="question"><span class="marker" aria-hidden="true">—</span> Quelles étaient vos priorités ?</h3>');
    expect(x.indexOf('intertitle')).toBeLessThan(x.indexOf('<h3 class="question">'));
  });

  it('set pull quotes as <aside epub:type="pullquote" role="doc-pullquote">', () => {
    expect(ep1()).toContain(
      '<aside class="pullquote" epub:type="pullquote" role="doc-pullquote">\n<p>«\u202FNous étions petits mais ambitieux.\u202F»</p>\n</aside>',
    );
  });

  it('link note references and footnotes both ways', () => {
    const x = ep1();
    expect(x).toContain('<sup class="noteref"><a epub:type="noteref" role="doc-noteref" href="#fn-1" id="fnref-1">1</a></sup>');
    // A second reference to the same note gets its own id.
    expect(x).toContain('href="#fn-1" id="fnref-1-2">1</a>');
    expect(x).toContain('<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-1">');
    expect(x).toContain('<a href="#fnref-1" role="doc-backlink" aria-label="Retour au texte (1)">↑</a>');
    expect(x.indexOf('id="fn-1"')).toBeGreaterThan(x.lastIndexOf('id="fnref-1'));
    const y = ep2();
    expect(y).toContain('id="fn-2"');
    expect(y).toContain('<a href="#fnref-2" role="doc-backlink"');
    expect(files()['EPUB/preface.xhtml']).toContain('id="fn-1"');
  });

  it('write ordered lists with start, nested unordered lists', () => {
    const x = ep1();
    expect(x).toContain('<ol start="3">\n<li>Recruter</li>');
    expect(x).toContain('<ul>\n<li>\n<p>Le code</p>\n<ul>\n<li>les tests</li>\n</ul>\n</li>\n<li>Les gens</li>\n</ul>');
  });

  it('put images in figures with captions, decorative ones with empty alt and role presentation', () => {
    const x = ep1();
    expect(x).toContain(
      '<figure class="image">\n<img src="images/photo-ete.png" alt="Le premier bureau, rue des Lilas" width="60" height="40"/>\n' +
        '<figcaption><span class="caption-text">Le premier bureau, en <em>2004</em></span> <span class="credit">© Archives</span></figcaption>\n</figure>',
    );
    expect(x).toContain('<img src="images/ornament.png" alt="" role="presentation" width="16" height="16"/>');
    expect(ep2()).toContain('<img src="images/photo-ete-2.png" alt="Une image &quot;entre guillemets&quot; &amp; &lt;chevrons&gt;"');
  });

  it('copy each image once under a safe ASCII name with its media type', () => {
    const opf = files()['EPUB/package.opf']!;
    expect(opf).toContain('<item id="img-1" href="images/portrait.jpg" media-type="image/jpeg"/>');
    expect(opf).toContain('href="images/photo-ete.png" media-type="image/png"');
    expect(opf).toContain('href="images/photo-ete-2.png" media-type="image/png"');
    expect(opf).not.toContain('cover-image');
    expect(Object.keys(files()).filter((n) => n.startsWith('EPUB/images/')).length).toBe(4);
    // Byte for byte (the files of different sizes are read in turn into one reused buffer).
    const stored = Object.entries(unzip(sampleEpub().bytes)).filter(([n]) => n.startsWith('EPUB/images/'));
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(stored.map(([, b]) => hex(b)).sort()).toEqual(fs.readdirSync(IMAGES_DIR).map((f) => hex(fs.readFileSync(path.join(IMAGES_DIR, f)))).sort());
  });

  it('escape text everywhere: no raw markup, script or ampersand gets through', () => {
    for (const [name, text] of Object.entries(files())) {
      if (!/\.(xhtml|opf|ncx)$/.test(name)) continue;
      expect(text, name).not.toMatch(/<script|<b>|<i>|<chevrons>|<Logiciel>/);
      expect(text, name).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
    }
    const y = ep2();
    expect(y).toContain('Trois questions à Bob &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie');
    expect(y).toContain('<code>a &lt; b &amp;&amp; c &gt; d</code>');
    expect(y).toContain('&#39;simples&#39;');
    // A control character XML cannot carry becomes U+FFFD instead of breaking the document.
    expect(y).toContain('caractère de contrôle \uFFFD ici');
  });

  it('keep http(s) and mailto links, turn any other link into plain text', () => {
    const x = ep1();
    expect(x).toContain('<a href="https://example.org/a%20b?x=1&amp;y=2">notre site</a>');
    expect(x).toContain('<a href="mailto:contact@example.org">écrire</a>');
    const y = ep2();
    expect(y).not.toMatch(/javascript:|data:|autre\.xhtml/);
    expect(y).toContain('et un lien piégé.');
    expect(y).toContain('Un lien data et un lien relatif<br/>après');
  });

  it('write the preface, the title page and the colophon', () => {
    const f = files();
    expect(f['EPUB/preface.xhtml']).toContain('<section class="preface" epub:type="preface" role="doc-preface" aria-labelledby="preface-title">');
    expect(f['EPUB/preface.xhtml']).toContain('<h1 class="preface-title" id="preface-title">Préface</h1>');
    const t = f['EPUB/title.xhtml']!;
    expect(t).toContain('<h1 class="book-title" id="book-title">Vingt ans &amp; plus</h1>');
    expect(t).toContain('<p class="book-subtitle">Entretiens</p>\n<p class="edition">Première édition</p>\n<p class="publisher">Association &lt;Logiciel&gt; &amp; Cie</p>\n<p class="year">2024</p>');
    const c = f['EPUB/colophon.xhtml']!;
    expect(c).toContain('<section class="colophon" epub:type="colophon" role="doc-colophon" aria-label="Colophon">');
    expect(c).toContain('<p>Vingt ans &amp; plus — Entretiens</p>\n<p>Première édition</p>');
    expect(c).toContain('<p class="printed">Achevé d’imprimer en mars 2024.<br/>Tous droits réservés.</p>\n<p class="printed">Composé en EB Garamond.</p>');
  });

  it('contain no script, no remote resource, no style attribute', () => {
    for (const [name, text] of Object.entries(files())) {
      if (!/\.(xhtml|css)$/.test(name)) continue;
      expect(text, name).not.toMatch(/<script|\bsrc="https?:|url\(["']?https?:|style="|@import/);
    }
  });
});

describe('navigation', () => {
  it('lists the preface and each episode in the toc nav, and has landmarks', () => {
    const nav = files()['EPUB/nav.xhtml']!;
    expect(nav).toContain('<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">');
    expect(nav).toContain('<h1 class="toc-title" id="toc-title">Sommaire</h1>');
    expect(nav).toContain(
      '<li><a href="preface.xhtml">Préface</a></li>\n' +
        '<li><a href="01-elise-durand.xhtml">1. Élise Durand — «\u202FLe logiciel, c’est d’abord des gens\u202F!\u202F»</a></li>\n',
    );
    expect(nav).toContain('<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">');
    expect(nav).toContain('<a epub:type="toc" href="nav.xhtml#toc">Sommaire</a>');
    expect(nav).toContain('<a epub:type="bodymatter" href="01-elise-durand.xhtml">');
  });

  it('has an NCX with the same entries and the package identifier', () => {
    const ncx = files()['EPUB/toc.ncx']!;
    expect(ncx).toContain('<meta name="dtb:uid" content="urn:uuid:6f1f6a7e-2f61-5b7a-9c1d-0e5a3a1c2b3d"/>');
    expect(ncx.match(/<navPoint /g)).toHaveLength(4);
    expect(ncx).toContain('<navPoint id="navpoint-3" playOrder="3"><navLabel><text>2. Bob &amp; Cie');
    expect(ncx).toContain('<navPoint id="navpoint-4" playOrder="4"><navLabel><text>Colophon</text></navLabel><content src="colophon.xhtml"/>');
    expect(ncx).not.toContain('<pageList>'); // no page map given
  });
});

describe('package document', () => {
  it('carries the metadata from booklet.meta', () => {
    const opf = files()['EPUB/package.opf']!;
    expect(opf).toContain('<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="fr">');
    expect(opf).toContain('<dc:identifier id="pub-id">urn:uuid:6f1f6a7e-2f61-5b7a-9c1d-0e5a3a1c2b3d</dc:identifier>');
    expect(opf).toContain('<dc:title id="title">Vingt ans &amp; plus</dc:title>');
    expect(opf).toContain('<dc:language>fr</dc:language>');
    expect(opf).toContain('<dc:publisher>Association &lt;Logiciel&gt; &amp; Cie</dc:publisher>');
    expect(opf).toContain('<dc:contributor id="interviewee-1">Élise Durand</dc:contributor>');
    expect(opf).toContain('<meta refines="#interviewee-2" property="role" scheme="marc:relators">ive</meta>');
    expect(opf.match(/dcterms:modified/g)).toHaveLength(1);
    expect(opf).toContain('<meta property="dcterms:modified">2024-03-15T10:30:00Z</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityHazard">none</meta>');
    expect(opf).not.toContain('conformsTo');
  });

  it('lists every file of the container in the manifest, the nav with properties="nav"', () => {
    const f = files();
    const opf = f['EPUB/package.opf']!;
    const hrefs = [...opf.matchAll(/ href="([^"]+)"/g)].map((m) => `EPUB/${m[1]}`).sort();
    const inZip = Object.keys(f).filter((n) => n.startsWith('EPUB/') && n !== 'EPUB/package.opf').sort();
    expect(hrefs).toEqual(inZip);
    expect(opf).toContain('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
    expect(opf).toContain('<spine toc="ncx">\n<itemref idref="title-page"/>\n<itemref idref="preface"/>\n<itemref idref="nav"/>\n<itemref idref="episode-1"/>\n<itemref idref="episode-2"/>\n<itemref idref="colophon"/>\n</spine>');
  });

  it('adds an ISBN identifier, English words and “ ” quotes for an English booklet', async () => {
    const f = unzipText((await buildEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR })).bytes);
    const opf = f['EPUB/package.opf']!;
    expect(opf).toContain('<dc:identifier id="pub-id">urn:isbn:9780306406157</dc:identifier>');
    expect(opf.match(/<dc:identifier/g)).toHaveLength(1);
    expect(opf).not.toContain('<dc:publisher');
    expect(opf).not.toContain('schema:accessMode">visual');
    const x = f['EPUB/ann.xhtml']!;
    expect(x).toContain('<p class="kicker">Episode 7</p>');
    expect(x).toContain('<p class="headline">\u201CShip it\u201D</p>');
    expect(f['EPUB/nav.xhtml']).toContain('<li><a href="ann.xhtml">7. Ann — \u201CShip it\u201D</a></li>');
  });

  it('marks the cover image and adds a cover page when a cover is given', async () => {
    const cover = asset('portrait.jpg', 40, 50);
    const f = unzipText((await buildEpub(minimalEnglishBooklet(), anniversaireTemplate(), { fontsDir: FONTS_DIR, cover })).bytes);
    expect(f['EPUB/package.opf']).toContain('href="images/portrait.jpg" media-type="image/jpeg" properties="cover-image"/>');
    expect(f['EPUB/package.opf']).toContain('<spine toc="ncx">\n<itemref idref="cover-page"/>');
    expect(f['EPUB/cover.xhtml']).toContain('<img src="images/portrait.jpg" alt="Minimal" epub:type="cover" role="doc-cover"');
    expect(f['EPUB/nav.xhtml']).toContain('<a epub:type="cover" href="cover.xhtml">Cover</a>');
  });

  it('refuses an image whose bytes are not the format the model says', async () => {
    const booklet = minimalEnglishBooklet();
    const wrong = { ...asset('portrait.jpg', 40, 50), format: 'png' as const };
    booklet.episodes[0]!.portrait = { asset: wrong, alt: 'A portrait' };
    await expect(buildEpub(booklet, anniversaireTemplate(), { fontsDir: FONTS_DIR })).rejects.toThrow(/not a PNG image/);
  });
});
