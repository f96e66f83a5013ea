// The export is a valid ScoLOMfr 3.1 notice (checked by libxml2 against the official XSD), reads back
// through the import to the same fields, and escapes every text.
import { describe, expect, it } from 'vitest';
import { XmlDocument } from 'libxml2-wasm';
import { checkStructure } from './scolomfr-document.js';
import { resourceToScolomfr, type ExportedResource } from './scolomfr-export.js';
import { readNotice } from './scolomfr-notice.js';

const C = 'http://data.education.fr/voc/scolomfr/concept/';
const resource: ExportedResource = {
  identifier: 'ccr-000042',
  title: 'Volcans <b>& séismes</b>',
  description: 'Un manuel « numérique » ; avec des virgules, et des points-virgules.',
  keywords: ['volcan', 'tectonique'],
  languages: ['fre'],
  levels: ['scolomfr-voc-022-num-021'],
  disciplines: ['scolomfr-voc-015-num-1511'],
  types: ['scolomfr-voc-010-num-014', 'not-a-concept'],
  cost: 'yes',
  demo_url: 'https://exemple.fr/demo?a=1&b=2',
  published_on: '2025-09-01',
  producer_name: 'Éditions Exemple, Lyon; & fils',
};

describe('resourceToScolomfr', () => {
  it('writes a notice the ScoLOMfr 3.1 XSD accepts', () => {
    const xml = resourceToScolomfr(resource);
    const document = XmlDocument.fromString(xml);
    try {
      expect(checkStructure(document)).toEqual([]);
    } finally {
      document.dispose();
    }
    expect(xml).toContain('Volcans &lt;b&gt;&amp; séismes&lt;/b&gt;');
  });

  it('reads back through the import to the same fields, without errors or warnings', () => {
    const reading = readNotice(resourceToScolomfr(resource));
    expect(reading.errors).toEqual([]);
    expect(reading.warnings).toEqual([]);
    expect(reading.fields).toMatchObject({
      identifier: 'ccr-000042',
      title: 'Volcans <b>& séismes</b>',
      keywords: ['volcan', 'tectonique'],
      levels: [`${C}scolomfr-voc-022-num-021`],
      disciplines: [`${C}scolomfr-voc-015-num-1511`],
      types: [`${C}scolomfr-voc-010-num-014`],
      cost: 'yes',
      publisherName: 'Éditions Exemple, Lyon; & fils',
    });
  });

  it('writes a free resource without optional parts, still valid', () => {
    const xml = resourceToScolomfr({
      ...resource,
      description: '',
      keywords: [],
      levels: [],
      disciplines: [],
      types: [],
      cost: 'no',
      demo_url: null,
    });
    const reading = readNotice(xml);
    expect(reading.errors).toEqual([]);
    expect(reading.fields?.cost).toBe('no');
    expect(xml).not.toContain('<classification');
  });
});
