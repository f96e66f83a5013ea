// Reading ScoLOMfr notices: a valid notice gives its fields; every kind of bad input gives a located
// error (or a warning) in French, and never an exception.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_NOTICE_BYTES } from './scolomfr-document.js';
import { readNotice, type NoticeReading } from './scolomfr-notice.js';

const valid = fs.readFileSync(
  new URL('../../../test/fixtures/scolomfr/volcans.xml', import.meta.url),
  'utf8',
);
const C = 'http://data.education.fr/voc/scolomfr/concept/';

/** The valid notice with one piece of text replaced (which must be there). */
function variant(from: string | RegExp, to: string): string {
  const changed = valid.replace(from, to);
  expect(changed).not.toBe(valid);
  return changed;
}

const rules = (issues: NoticeReading['errors']) => issues.map((issue) => issue.rule);

describe('readNotice', () => {
  it('reads a valid notice, converting LOMv1.0 values into concept URIs with a warning', () => {
    const reading = readNotice(valid);
    expect(reading.errors).toEqual([]);
    expect(reading.fields).toMatchObject({
      identifier: '978-2-01-000001-7',
      title: 'Les volcans & les séismes',
      keywords: ['volcan', 'tectonique'],
      levels: [`${C}scolomfr-voc-022-num-016`, `${C}scolomfr-voc-022-num-021`],
      disciplines: [`${C}scolomfr-voc-015-num-1511`],
      types: [`${C}scolomfr-voc-010-num-014`],
      cost: 'yes',
      publisherName: 'Éditions Exemple',
    });
    expect(reading.warnings.map((w) => [w.rule, w.line])).toEqual([
      ['vocabulary.legacy', 26],
      ['vocabulary.legacy', 48],
    ]);
  });

  it('gives the line of malformed XML, and reads something that is not XML at all as malformed', () => {
    const broken = readNotice(variant('</title>', '</titre>'));
    expect(broken.fields).toBeUndefined();
    expect(rules(broken.errors)[0]).toBe('xml.well-formed');
    expect(broken.errors[0]!.line).toBe(10);
    expect(broken.errors[0]!.message).toMatch(/^Le XML est mal formé/);
    expect(rules(readNotice('%PDF-1.7 not a notice').errors)).toEqual(['xml.well-formed']);
  });

  it('refuses any DOCTYPE: external entities (XXE) and entity bombs are never parsed', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE lom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><title><string>&x;</string></title></general></lom>`;
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lom [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<lom>&c;</lom>`;
    for (const xml of [xxe, laughs]) {
      const reading = readNotice(xml);
      expect(rules(reading.errors)).toEqual(['xml.doctype']);
      expect(reading.errors[0]!.line).toBe(2);
      expect(JSON.stringify(reading)).not.toContain('root:');
    }
  });

  it('refuses a notice over the size limit without reading it', () => {
    const huge = valid.replace('</lom>', `<!-- ${'x'.repeat(MAX_NOTICE_BYTES)} --></lom>`);
    expect(rules(readNotice(huge).errors)).toEqual(['size']);
  });

  it('refuses a root element outside the LOM namespace', () => {
    const reading = readNotice(
      variant('xmlns="http://ltsc.ieee.org/xsd/LOM"', 'xmlns="http://example.org/lom"'),
    );
    expect(rules(reading.errors)).toEqual(['scolomfr.root']);
  });

  it('locates structural errors against the XSD: unknown and repeated elements, data types', () => {
    const unknown = readNotice(
      variant('</keyword>\n  </general>', '</keyword>\n    <titre>x</titre>\n  </general>'),
    );
    expect(unknown.fields).toBeUndefined();
    expect(unknown.errors).toEqual([
      expect.objectContaining({ rule: 'xsd.unexpected', path: '//titre', line: 21 }),
    ]);
    expect(unknown.errors[0]!.message).toBe('L’élément « titre » n’est pas attendu à cet endroit.');
    const twice = readNotice(
      variant('<lifeCycle>', '<general><title><string>b</string></title></general>\n  <lifeCycle>'),
    );
    expect(twice.errors.map((e) => [e.rule, e.line])).toEqual([['xsd.unique', 22]]);
    const badDate = readNotice(
      variant('<dateTime>2025-09-01</dateTime>', '<dateTime>le 1er septembre</dateTime>'),
    );
    expect(badDate.errors.map((e) => [e.rule, e.line])).toEqual([['xsd.type', 34]]);
    expect(badDate.errors[0]!.message).toContain('une date ISO 8601');
  });

  it('requires an identifier and a title', () => {
    const reading = readNotice(variant(/<title>[\s\S]*?<\/title>/, ''));
    expect(reading.fields).toBeUndefined();
    expect(reading.errors).toContainEqual(
      expect.objectContaining({ rule: 'required', path: '/lom/general/title/string' }),
    );
  });

  it('refuses a date that is not in the calendar, located at its element', () => {
    const reading = readNotice(variant('<dateTime>2025-09-01</dateTime>', '<dateTime>2025-02-30</dateTime>'));
    expect(reading.fields).toBeUndefined();
    expect(reading.errors).toEqual([
      expect.objectContaining({
        rule: 'date',
        path: '/lom/lifeCycle/contribute/date/dateTime',
        message: 'La date « 2025-02-30 » n’existe pas.',
      }),
    ]);
    expect(reading.errors[0]!.line).toBeGreaterThan(30);
  });

  it('holds an XML notice to the limits of a JSON one (an identifier past 500 characters)', () => {
    const reading = readNotice(variant('978-2-01-000001-7', 'x'.repeat(501)));
    expect(reading.fields).toBeUndefined();
    expect(reading.errors).toEqual([
      expect.objectContaining({
        rule: 'schema',
        path: '/lom/general/identifier/entry',
        message: '500 caractères au plus.',
      }),
    ]);
  });

  it('checks each taxon against its vocabulary: label, membership, hierarchy and the purpose', () => {
    const wrongLabel = readNotice(
      variant('<string language="fre">4e</string>', '<string language="fre">3e</string>'),
    );
    expect(wrongLabel.errors).toEqual([
      expect.objectContaining({
        rule: 'vocabulary.label',
        path: '/lom/classification/taxonPath/taxon',
        line: 85,
      }),
    ]);
    const otherVocabulary = readNotice(
      variant('scolomfr-voc-022-num-021</id>', 'scolomfr-voc-015-num-1511</id>'),
    );
    expect(rules(otherVocabulary.errors)).toContain('vocabulary.taxon');
    const gap = readNotice(
      variant('scolomfr-voc-022-num-016</id>', 'scolomfr-voc-022-num-142</id>').replace(
        '<string language="fre">collège</string>',
        '<string language="fre">lycée général et technologique</string>',
      ),
    );
    expect(rules(gap.errors)).toEqual(['vocabulary.hierarchy']);
    const wrongPurpose = readNotice(variant(`${C}educational_level</value>`, `${C}discipline</value>`));
    expect(rules(wrongPurpose.errors)).toEqual(['classification.purpose-vocabulary']);
    const notScolomfr = readNotice(variant('>scolomfr-voc-015<', '>dewey<'));
    expect(rules(notScolomfr.errors)).toEqual(['classification.source']);
  });

  it('warns about an unknown concept of a known vocabulary, a missing purpose and a replaced concept', () => {
    const unknown = readNotice(variant('scolomfr-voc-015-num-1511</id>', 'scolomfr-voc-015-num-9999</id>'));
    expect(unknown.errors).toEqual([]);
    expect(rules(unknown.warnings)).toContain('vocabulary.unknown-concept');
    const noPurpose = readNotice(variant(/<purpose>[\s\S]*?discipline<\/value>[\s\S]*?<\/purpose>/, ''));
    expect(noPurpose.errors).toEqual([]);
    expect(rules(noPurpose.warnings)).toContain('classification.purpose');
    const replaced = readNotice(
      variant('scolomfr-voc-015-num-1511</id>', 'scolomfr-voc-015-num-029</id>').replace(
        'sciences de la vie et de la Terre (cycle 4)',
        'éducation civique',
      ),
    );
    expect(replaced.errors).toEqual([]);
    expect(rules(replaced.warnings)).toContain('vocabulary.deprecated');
    expect(replaced.fields!.disciplines).toEqual([`${C}scolomfr-voc-015-num-1576`]);
  });

  it('keeps a deprecated concept the catalogue curates, so the notice stays under its facet', () => {
    // "anglais" (015-num-087) is replaced by "anglais (LV)" in SKOS 3.2, but the catalogue's
    // discipline facet is made of it: our own exports carry it and must read back the same.
    const kept = readNotice(
      variant('scolomfr-voc-015-num-1511</id>', 'scolomfr-voc-015-num-087</id>').replace(
        'sciences de la vie et de la Terre (cycle 4)',
        'anglais',
      ),
    );
    expect(kept.errors).toEqual([]);
    expect(kept.fields!.disciplines).toEqual([`${C}scolomfr-voc-015-num-087`]);
  });

  it('requires contributors as vCard 3 or 4', () => {
    const reading = readNotice(variant('VERSION:3.0', 'VERSION:2.1'));
    expect(rules(reading.errors)).toEqual(['vcard']);
  });

  it('accepts a notice of a later profile, warning about the elements the 3.1 schema does not know', () => {
    const later = variant(
      '  <educational>',
      '  <metaMetadata>\n    <metadataSchema>SCOLOMFRv8.0</metadataSchema>\n  </metaMetadata>\n  <educational>',
    ).replace(
      '</keyword>\n  </general>',
      '</keyword>\n    <futureElement>nouveau</futureElement>\n  </general>',
    );
    const reading = readNotice(later);
    expect(reading.errors).toEqual([]);
    expect(reading.fields?.schemas).toEqual(['SCOLOMFRv8.0']);
    expect(reading.warnings.some((w) => w.rule.startsWith('xsd.'))).toBe(true);
  });

  it('keeps HTML in text fields as text', () => {
    const reading = readNotice(
      variant('Les volcans &amp; les séismes', '&lt;script&gt;alert(1)&lt;/script&gt; Volcans'),
    );
    expect(reading.fields!.title).toBe('<script>alert(1)</script> Volcans');
  });
});
