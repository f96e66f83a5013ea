import { describe, expect, it } from 'vitest';
import { XmlDocument } from 'libxml2-wasm';
import { buildXml } from './xml-builder.js';

describe('buildXml', () => {
  it('escapes texts and attributes, so that a real parser reads back exactly what was given', () => {
    const text = 'Fractions & <décimaux> "entre" guillemets l’été';
    const xml = buildXml({ root: { '@label': text, item: [text, 'deux'], empty: [] } });
    const document = XmlDocument.fromString(xml);
    try {
      expect(document.root.attr('label')?.value).toBe(text);
      const items = document.find('/root/item').map((node) => (node as { content: string }).content);
      expect(items).toEqual([text, 'deux']);
      expect(document.find('/root/empty')).toHaveLength(0);
    } finally {
      document.dispose();
    }
  });

  it('drops the characters XML 1.0 cannot carry, keeping tabs and line breaks', () => {
    const xml = buildXml({ root: { '@a': 'x\u0001y', '#text': 'a\u0000b\u0008c\td\ne\uFFFEf' } });
    const document = XmlDocument.fromString(xml);
    try {
      expect(document.root.attr('a')?.value).toBe('xy');
      expect(document.root.content).toBe('abc\td\nef');
    } finally {
      document.dispose();
    }
  });

  it('starts with the XML declaration unless asked not to, and indents when asked', () => {
    expect(buildXml({ a: { b: '1' } })).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<a><b>1</b></a>');
    expect(buildXml({ a: { b: '1' } }, { declaration: false })).toBe('<a><b>1</b></a>');
    expect(buildXml({ a: { b: '1' } }, { format: true })).toContain('\n  <b>1</b>');
  });
});
