/**
 * A source folder for the print tests, written into test/.out: a booklet whose images are RGB
 * (JPEG and PNG), RGB with alpha, grey with alpha and neutral RGB, each large enough for 300 ppi,
 * plus the libvips CMYK profile as a printer's .icc file for a template of our own.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'booklet.js');

/** Raw RGB(A) pixels from a function of (x, y). */
function raw(w: number, h: number, channels: 3 | 4, px: (x: number, y: number) => number[]): Buffer {
  const b = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = px(x, y);
      for (let c = 0; c < channels; c++) b[(y * w + x) * channels + c] = v[c]!;
    }
  return b;
}

/** Four colour blocks (red, green, blue, yellow) left to right, so a render shows a negative at once. */
export const BLOCKS = [
  [220, 30, 30],
  [30, 160, 60],
  [30, 60, 200],
  [240, 210, 20],
];

const para = (seed: number) =>
  `Le projet a commencé dans une petite salle de réunion, avec trois personnes et beaucoup d’idées. ` +
  `Au fil des années, l’association a grandi, accueilli des entreprises de toute la région et porté des projets collectifs (${seed}). ` +
  `Chacun se souvient des premières réunions, des débats animés et des décisions prises ensemble, souvent tard le soir.`;

export async function writeImagesBooklet(dir: string): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // RGB JPEG photo: four colour blocks.
  await sharp(raw(1400, 900, 3, (x) => BLOCKS[Math.min(3, Math.floor(x / 350))]!), { raw: { width: 1400, height: 900, channels: 3 } })
    .jpeg({ quality: 95 })
    .toFile(path.join(dir, 'photo.jpg'));
  // RGBA PNG portrait: a warm gradient, transparent outside a disc.
  await sharp(
    raw(700, 900, 4, (x, y) => {
      const inside = (x - 350) ** 2 + (y - 450) ** 2 < 330 ** 2;
      return [200, 80 + Math.round((y / 900) * 100), 40, inside ? 255 : 0];
    }),
    { raw: { width: 700, height: 900, channels: 4 } },
  )
    .png()
    .toFile(path.join(dir, 'portrait.png'));
  // RGBA PNG logo: a blue band on a transparent background, half-transparent in the middle.
  await sharp(
    raw(1400, 500, 4, (x, y) => [20, 60, 180, y > 150 && y < 350 ? (x > 600 && x < 800 ? 128 : 255) : 0]),
    { raw: { width: 1400, height: 500, channels: 4 } },
  )
    .png()
    .toFile(path.join(dir, 'logo.png'));
  // Grey PNG with alpha.
  await sharp(raw(1400, 800, 4, (x, y) => [Math.round((x / 1400) * 255), Math.round((x / 1400) * 255), Math.round((x / 1400) * 255), y < 400 ? 255 : 90]), {
    raw: { width: 1400, height: 800, channels: 4 },
  })
    .toColourspace('b-w')
    .png()
    .toFile(path.join(dir, 'gris.png'));
  // RGB JPEG whose pixels are all neutral: becomes grey.
  await sharp(raw(1400, 800, 3, (x) => [Math.round((x / 1400) * 255), Math.round((x / 1400) * 255), Math.round((x / 1400) * 255)]), {
    raw: { width: 1400, height: 800, channels: 3 },
  })
    .jpeg({ quality: 95 })
    .toFile(path.join(dir, 'neutre.jpg'));
  // Cover: RGB JPEG, 1900 × 2600 (≥ 300 ppi over 154 × 216 mm).
  await sharp(raw(1900, 2600, 3, (x, y) => [40 + Math.round((y / 2600) * 120), 90, 140 + Math.round((x / 1900) * 80)]), { raw: { width: 1900, height: 2600, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(path.join(dir, 'cover.jpg'));

  fs.writeFileSync(
    path.join(dir, 'booklet.yaml'),
    ['title: Images en quadri', 'subtitle: Un livret pour l’imprimeur', 'publisher: Atelier', 'year: 2026', 'language: fr', 'cover_image: cover.jpg', 'output: images-quadri', ''].join('\n'),
  );
  const body1 = [
    '---',
    'episode: 1',
    'title: 3 questions à Ana',
    'interviewee: Ana Lopes',
    'role: Fondatrice',
    'portrait: portrait.png',
    'portrait_alt: Ana, de face',
    'date: 2026-03-01',
    '---',
    '',
    '💬 Comment tout a commencé ?',
    '',
    para(1),
    '',
    '![Une photo en couleurs](photo.jpg "Quatre aplats : rouge, vert, bleu, jaune")',
    '',
    para(2),
    '',
    '💬 Et le logo ?',
    '',
    '![decorative](logo.png)',
    '',
    para(3),
    '',
    '![Un dégradé gris](gris.png "Un dégradé gris, à moitié transparent en bas")',
    '',
    para(4),
    '',
    '![Un dégradé neutre](neutre.jpg "Une photo en RGB, toute grise")',
    '',
    para(5),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, '01-ana.md'), body1);
  const body2 = ['---', 'episode: 2', 'title: 3 questions à Bruno', 'interviewee: Bruno Martin', 'date: 2026-03-02', '---', '', '💬 Une question ?', '', para(6), '', para(7), ''].join('\n');
  fs.writeFileSync(path.join(dir, '02-bruno.md'), body2);
}

/** The CMYK output profile libvips carries, as a file (a real `prtr` CMYK ICC profile). */
export async function writeCmykProfile(file: string): Promise<void> {
  const jpeg = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } }).withIccProfile('cmyk').jpeg().toBuffer();
  const icc = (await sharp(jpeg).metadata()).icc;
  if (!icc) throw new Error('sharp gave no ICC profile');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, icc);
}

/** A copy of the built-in template under `<source>/templates/<name>/` with `print:` keys appended. */
export function writeTemplate(source: string, name: string, printYaml: string, edit: (yaml: string) => string = (y) => y): string {
  const dir = path.join(source, 'templates', name);
  fs.mkdirSync(dir, { recursive: true });
  let yaml = fs.readFileSync(path.join(ROOT, 'templates', 'anniversaire', 'template.yaml'), 'utf8').replace(/^name: .*$/m, `name: ${name}`);
  yaml = edit(yaml);
  fs.writeFileSync(path.join(dir, 'template.yaml'), `${yaml.trimEnd()}\n\n${printYaml}\n`);
  return dir;
}
