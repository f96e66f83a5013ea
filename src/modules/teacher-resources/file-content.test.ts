import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import {
  attachmentHeader,
  checkFile,
  detectContent,
  MAX_UNCOMPRESSED_BYTES,
  sanitizeFileName,
} from './file-content.js';

/** A zip made in memory with yazl: each entry's content, stored or deflated. */
async function zipOf(
  entries: { name: string; content: Buffer | string; store?: boolean }[],
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    zip.addBuffer(Buffer.from(entry.content), entry.name, { compress: !entry.store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const odt = () =>
  zipOf([
    { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', store: true },
    { name: 'content.xml', content: '<office:document-content/>' },
  ]);

describe('detectContent', () => {
  it('knows PDF, PNG and JPEG by their first bytes', async () => {
    expect(await detectContent(Buffer.from('%PDF-1.7\n...'))).toMatchObject({
      ok: true,
      kind: { kind: 'pdf' },
    });
    expect(
      await detectContent(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toMatchObject({
      kind: { kind: 'png' },
    });
    expect(await detectContent(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({
      kind: { kind: 'jpeg' },
    });
  });

  it('reads an OpenDocument by its mimetype entry and a Word document by its parts', async () => {
    expect(await detectContent(await odt())).toMatchObject({ ok: true, kind: { kind: 'odt' } });
    const docx = await zipOf([
      { name: '[Content_Types].xml', content: '<Types/>' },
      { name: 'word/document.xml', content: '<w:document/>' },
    ]);
    expect(await detectContent(docx)).toMatchObject({ ok: true, kind: { kind: 'docx' } });
  });

  it('refuses any other zip', async () => {
    const zip = await zipOf([{ name: 'photo.jpg', content: 'x' }]);
    const check = await detectContent(zip);
    expect(check).toMatchObject({ ok: false });
    if (!check.ok) expect(check.message).toContain('n’est pas un document OpenDocument');
  });

  it('refuses an archive bomb: an entry that inflates far beyond its size, or too much in all', async () => {
    const bomb = await zipOf([
      { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', content: Buffer.alloc(MAX_UNCOMPRESSED_BYTES / 4) },
    ]);
    expect(bomb.length).toBeLessThan(1_000_000);
    const check = await detectContent(bomb);
    expect(check).toMatchObject({ ok: false });
    if (!check.ok) expect(check.message).toContain('bombe de décompression');
  });

  it('refuses a zip that lies about an entry’s size', async () => {
    const honest = await zipOf([
      { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', content: Buffer.alloc(50_000, 0x61) },
    ]);
    // The central directory's uncompressed size of content.xml (offset 24 of its record) made small.
    const central = honest.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(honest);
    lying.writeUInt32LE(10, central + 24);
    const check = await detectContent(lying);
    expect(check.ok).toBe(false);
  });

  it('takes valid UTF-8 as text, refuses HTML, SVG and binary rubbish', async () => {
    expect(await detectContent(Buffer.from('Consignes : lire le texte.\n'))).toMatchObject({
      kind: { kind: 'text' },
    });
    for (const markup of [
      '<!DOCTYPE html><p>x',
      '  <html><script>alert(1)</script>',
      '<svg onload="x">',
      '<?xml version="1.0"?><a/>',
    ]) {
      const check = await detectContent(Buffer.from(markup));
      expect(check, markup).toMatchObject({ ok: false });
    }
    expect(await detectContent(Buffer.from([0xc3, 0x28, 0x41]))).toMatchObject({ ok: false });
    expect(await detectContent(Buffer.alloc(0))).toMatchObject({ ok: false });
  });
});

describe('checkFile', () => {
  it('refuses a .pdf that is really HTML, and a name that does not match the content', async () => {
    const html = await checkFile(Buffer.from('<html><body><script>alert(1)</script>'), 'cours.pdf');
    expect(html).toMatchObject({ ok: false });
    if (!html.ok) expect(html.message).toContain('HTML');
    const mismatch = await checkFile(Buffer.from('%PDF-1.4'), 'image.png');
    expect(mismatch).toMatchObject({ ok: false });
    if (!mismatch.ok) expect(mismatch.message).toContain('ne correspond pas');
  });

  it('accepts matching names, and Markdown for text named .md', async () => {
    expect(await checkFile(Buffer.from('%PDF-1.4'), 'Cours.PDF')).toMatchObject({ ok: true });
    expect(await checkFile(Buffer.from('# Titre'), 'notes.md')).toMatchObject({ kind: { kind: 'markdown' } });
    expect(await checkFile(await odt(), 'séquence.odt')).toMatchObject({ kind: { kind: 'odt' } });
  });
});

describe('file names', () => {
  it('keeps the last segment only, without anything that could climb or break a header', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(sanitizeFileName('cours "final";<b>.pdf')).toBe('cours _final___b_.pdf');
    expect(sanitizeFileName('..', '.pdf')).toBe('fichier.pdf');
    expect(sanitizeFileName('Séquence été.odt')).toBe('Séquence été.odt');
  });

  it('Content-Disposition is an attachment with an ASCII name and the UTF-8 one', () => {
    expect(attachmentHeader('Séquence été.odt')).toBe(
      `attachment; filename="Sequence ete.odt"; filename*=UTF-8''S%C3%A9quence%20%C3%A9t%C3%A9.odt`,
    );
  });
});
