/** The package document (OPF): metadata, manifest and spine. */
import type { BookletMeta } from '../../model/types.js';
import { attrs, escapeText } from './xhtml.js';
import type { Words } from '../../i18n/words.js';

export interface ManifestItem {
  id: string;
  /** Relative to the package document. */
  href: string;
  mediaType: string;
  properties?: string;
}

export interface PackageInput {
  meta: BookletMeta;
  words: Words;
  /** Interviewees in booklet order, each once. */
  interviewees: string[];
  manifest: ManifestItem[];
  /** Manifest ids in reading order. */
  spine: string[];
  /** Manifest id of the NCX. */
  ncxId: string;
  /** Whether any image carries information (not only decorative images). */
  hasInformativeImages: boolean;
  /** Page-break markers from the print edition: its name (an ISBN URN or a description) and the marker count. */
  pagination?: { source: string; pages: number };
}

/** `YYYY-MM-DDThh:mm:ssZ` (UTC, no milliseconds), as `dcterms:modified` requires. */
export function modifiedDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Error('booklet.meta.date is not a valid date');
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function packageDocument(p: PackageInput): string {
  const m = p.meta;
  const md: string[] = [];
  md.push(`<dc:identifier id="pub-id">${escapeText(m.identifier)}</dc:identifier>`);
  if (m.isbn !== undefined && m.isbn !== '') {
    const isbn = `urn:isbn:${m.isbn.replace(/[^0-9Xx]/g, '')}`;
    if (isbn !== m.identifier) md.push(`<dc:identifier id="isbn">${escapeText(isbn)}</dc:identifier>`);
  }
  md.push(`<dc:title id="title">${escapeText(m.title)}</dc:title>`);
  if (m.subtitle !== undefined && m.subtitle !== '') {
    md.push('<meta refines="#title" property="title-type">main</meta>');
    md.push(`<dc:title id="subtitle">${escapeText(m.subtitle)}</dc:title>`);
    md.push('<meta refines="#subtitle" property="title-type">subtitle</meta>');
  }
  md.push(`<dc:language>${escapeText(m.language)}</dc:language>`);
  if (m.publisher !== undefined && m.publisher !== '') {
    md.push(`<dc:creator id="creator">${escapeText(m.publisher)}</dc:creator>`);
    md.push(`<dc:publisher>${escapeText(m.publisher)}</dc:publisher>`);
  }
  p.interviewees.forEach((name, i) => {
    const id = `interviewee-${i + 1}`;
    md.push(`<dc:contributor${attrs({ id })}>${escapeText(name)}</dc:contributor>`);
    md.push(`<meta${attrs({ refines: `#${id}`, property: 'role', scheme: 'marc:relators' })}>ive</meta>`);
  });
  md.push(`<dc:date>${String(m.year).padStart(4, '0')}</dc:date>`);
  if (p.pagination !== undefined) {
    // EPUBCheck 4.2.6 knows the legacy pair, not `pageBreakSource` (standards.md §2.6).
    md.push(`<dc:source id="print-source">${escapeText(p.pagination.source)}</dc:source>`);
    md.push('<meta refines="#print-source" property="source-of">pagination</meta>');
  }
  md.push(`<meta property="dcterms:modified">${modifiedDate(m.date)}</meta>`);
  // Accessibility metadata (EPUB Accessibility 1.1); no conformance claim without a real evaluation.
  md.push('<meta property="schema:accessMode">textual</meta>');
  if (p.hasInformativeImages) md.push('<meta property="schema:accessMode">visual</meta>');
  md.push('<meta property="schema:accessModeSufficient">textual</meta>');
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability'];
  if (p.pagination !== undefined && p.pagination.pages > 0) features.push('pageBreakMarkers', 'pageNavigation');
  if (p.hasInformativeImages) features.push('alternativeText');
  for (const f of features) md.push(`<meta property="schema:accessibilityFeature">${f}</meta>`);
  md.push('<meta property="schema:accessibilityHazard">none</meta>');
  md.push(`<meta property="schema:accessibilitySummary">${escapeText(p.words.accessibilitySummary)}</meta>`);

  const manifest = p.manifest
    .map((it) => `<item${attrs({ id: it.id, href: it.href, 'media-type': it.mediaType, properties: it.properties })}/>`)
    .join('\n');
  const spine = p.spine.map((id) => `<itemref${attrs({ idref: id })}/>`).join('\n');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id"${attrs({ 'xml:lang': m.language })}>\n` +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n${md.join('\n')}\n</metadata>\n` +
    `<manifest>\n${manifest}\n</manifest>\n` +
    `<spine${attrs({ toc: p.ncxId })}>\n${spine}\n</spine>\n` +
    '</package>\n'
  );
}
