// What a teacher's file really is, read from its content (magic bytes), never from its name or the type
// the browser sent: PDF, PNG, JPEG, OpenDocument and Office Open XML documents (zips whose entries say
// what they hold), MP4 and MP3, and plain text or Markdown when it is valid UTF-8. HTML, SVG and XML
// are refused whatever they are called (they run scripts when opened). The name's extension must agree
// with the content. Zip-based documents are checked entry by entry without extracting anything to disk:
// entry count, declared and real uncompressed sizes, compression ratio (archive bombs).
import path from 'node:path';
import yauzl from 'yauzl';

/** The size limit of a teacher's file (also said on the form). */
export const MAX_TEACHER_FILE_MEGABYTES = 20;
export const MAX_TEACHER_FILE_BYTES = MAX_TEACHER_FILE_MEGABYTES * 1_000_000;
/** What a zip-based document may hold once uncompressed, at most, and in how many entries. */
export const MAX_UNCOMPRESSED_BYTES = 100_000_000;
export const MAX_ZIP_ENTRIES = 5_000;
/** An entry that grows more than this many times is an archive bomb, not a document. */
export const MAX_COMPRESSION_RATIO = 200;

export interface FileKind {
  kind: string;
  label: string;
  mediaType: string;
  extensions: readonly string[];
}

const kinds = {
  pdf: { kind: 'pdf', label: 'PDF', mediaType: 'application/pdf', extensions: ['.pdf'] },
  png: { kind: 'png', label: 'image PNG', mediaType: 'image/png', extensions: ['.png'] },
  jpeg: { kind: 'jpeg', label: 'image JPEG', mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  odt: {
    kind: 'odt',
    label: 'texte OpenDocument',
    mediaType: 'application/vnd.oasis.opendocument.text',
    extensions: ['.odt'],
  },
  odp: {
    kind: 'odp',
    label: 'présentation OpenDocument',
    mediaType: 'application/vnd.oasis.opendocument.presentation',
    extensions: ['.odp'],
  },
  ods: {
    kind: 'ods',
    label: 'classeur OpenDocument',
    mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
    extensions: ['.ods'],
  },
  docx: {
    kind: 'docx',
    label: 'document Word',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  pptx: {
    kind: 'pptx',
    label: 'présentation PowerPoint',
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['.pptx'],
  },
  mp4: { kind: 'mp4', label: 'vidéo MP4', mediaType: 'video/mp4', extensions: ['.mp4', '.m4v'] },
  mp3: { kind: 'mp3', label: 'son MP3', mediaType: 'audio/mpeg', extensions: ['.mp3'] },
  text: { kind: 'text', label: 'texte', mediaType: 'text/plain; charset=utf-8', extensions: ['.txt'] },
  markdown: {
    kind: 'markdown',
    label: 'texte Markdown',
    mediaType: 'text/markdown; charset=utf-8',
    extensions: ['.md', '.markdown'],
  },
} satisfies Record<string, FileKind>;

/** The extensions accepted, for the form's hint and the file input's accept attribute. */
export const acceptedExtensions = [...new Set(Object.values(kinds).flatMap((kind) => kind.extensions))];

export type ContentCheck = { ok: true; kind: FileKind } | { ok: false; message: string };

const refuse = (message: string): ContentCheck => ({ ok: false, message });

const startsWith = (buffer: Buffer, bytes: readonly number[], at = 0) =>
  buffer.length >= at + bytes.length && bytes.every((byte, index) => buffer[at + index] === byte);

/** Text that a browser would run or render as markup: refused whatever its name. */
const markup =
  /^\s*(<!doctype\s|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<svg[\s>]|<\?xml\s|<iframe[\s>])/i;

function textKind(buffer: Buffer): FileKind | 'markup' | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return undefined;
  }
  // Control characters other than tab, line feed, form feed and carriage return: not text.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return undefined;
  const start = text.replace(/^\uFEFF/, '');
  if (markup.test(start) || /<script[\s>]/i.test(start.slice(0, 4096))) return 'markup';
  return kinds.text;
}

/** The entries of a zip-based document, checked for size without extracting: what it holds. */
async function inspectZip(buffer: Buffer): Promise<ContentCheck> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
        error ? reject(error) : resolve(file),
      ),
    );
  } catch {
    return refuse('Cette archive est endommagée ou n’est pas un document : elle n’est pas acceptée.');
  }
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    zip.close();
    return refuse(`Ce document contient plus de ${MAX_ZIP_ENTRIES} éléments : il n’est pas accepté.`);
  }
  const names = new Set<string>();
  let mimetype = '';
  let declared = 0;
  let real = 0;
  const bomb = refuse(
    'Ce document se décompresse en un volume démesuré (bombe de décompression) : il n’est pas accepté.',
  );
  const result = await new Promise<ContentCheck | undefined>((resolve) => {
    const stop = (check: ContentCheck | undefined) => {
      zip.close();
      resolve(check);
    };
    zip.on('error', () => stop(refuse('Cette archive est endommagée : elle n’est pas acceptée.')));
    zip.on('end', () => resolve(undefined));
    zip.on('entry', (entry: yauzl.Entry) => {
      names.add(entry.fileName);
      declared += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (
        declared > MAX_UNCOMPRESSED_BYTES ||
        (entry.uncompressedSize > 1_000_000 && ratio > MAX_COMPRESSION_RATIO)
      ) {
        return stop(bomb);
      }
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      // Each entry is decompressed into a counter (nothing written): the real size, not the declared
      // one, is what is held against the limit; yauzl also fails an entry larger than it declared.
      zip.openReadStream(entry, (error, stream) => {
        if (error) return stop(refuse('Cette archive est endommagée : elle n’est pas acceptée.'));
        const head: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => {
          real += chunk.length;
          if (entry.fileName === 'mimetype' && head.length < 4) head.push(chunk);
          if (real > MAX_UNCOMPRESSED_BYTES) {
            stream.destroy();
            stop(bomb);
          }
        });
        stream.on('error', () => stop(bomb));
        stream.on('end', () => {
          if (entry.fileName === 'mimetype')
            mimetype = Buffer.concat(head).toString('latin1').slice(0, 200).trim();
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  if (result) return result;
  const odf: Record<string, FileKind> = {
    [kinds.odt.mediaType]: kinds.odt,
    [kinds.odp.mediaType]: kinds.odp,
    [kinds.ods.mediaType]: kinds.ods,
  };
  if (odf[mimetype]) return { ok: true, kind: odf[mimetype]! };
  if (names.has('[Content_Types].xml') && names.has('word/document.xml'))
    return { ok: true, kind: kinds.docx };
  if (names.has('[Content_Types].xml') && names.has('ppt/presentation.xml'))
    return { ok: true, kind: kinds.pptx };
  return refuse(
    'Cette archive n’est pas un document OpenDocument (.odt, .odp, .ods) ni Word ou PowerPoint (.docx, .pptx) : elle n’est pas acceptée.',
  );
}

/** What the content is, by its first bytes (and a zip's entries), or why it is refused. */
export async function detectContent(buffer: Buffer): Promise<ContentCheck> {
  if (buffer.length === 0) return refuse('Le fichier est vide.');
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { ok: true, kind: kinds.pdf };
  if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { ok: true, kind: kinds.png };
  if (startsWith(buffer, [0xff, 0xd8, 0xff])) return { ok: true, kind: kinds.jpeg };
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return inspectZip(buffer);
  if (startsWith(buffer, [0x66, 0x74, 0x79, 0x70], 4)) return { ok: true, kind: kinds.mp4 };
  if (startsWith(buffer, [0x49, 0x44, 0x33]) || (buffer[0] === 0xff && ((buffer[1] ?? 0) & 0xe0) === 0xe0)) {
    return { ok: true, kind: kinds.mp3 };
  }
  const text = textKind(buffer);
  if (text === 'markup') {
    return refuse('Ce fichier est une page HTML, SVG ou XML : ce type de contenu n’est pas accepté.');
  }
  if (text) return { ok: true, kind: text };
  return refuse(
    'Ce type de fichier n’est pas accepté : PDF, images PNG ou JPEG, documents OpenDocument, Word ou PowerPoint, texte, vidéo MP4 ou son MP3.',
  );
}

/** The content's kind, checked against the name's extension (a .pdf must be a PDF). */
export async function checkFile(buffer: Buffer, name: string): Promise<ContentCheck> {
  const check = await detectContent(buffer);
  if (!check.ok) return check;
  const extension = path.extname(name).toLowerCase();
  let kind = check.kind;
  // Plain text named .md is Markdown.
  if (kind.kind === 'text' && kinds.markdown.extensions.includes(extension)) kind = kinds.markdown;
  if (!kind.extensions.includes(extension)) {
    return refuse(
      `Le contenu de ce fichier (${kind.label}) ne correspond pas à son nom « ${extension || 'sans extension'} » : attendu ${kind.extensions.join(' ou ')}.`,
    );
  }
  return { ok: true, kind };
}

/**
 * The name a download offers: the last segment of what the browser sent (no folder, no climbing),
 * letters, digits, spaces and . _ - ( ) only, 100 characters at most.
 */
export function sanitizeFileName(name: string, fallbackExtension = ''): string {
  const base = (name.replace(/\\/g, '/').split('/').pop() ?? '').normalize('NFC');
  const cleaned = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[. ]+/, '')
    .trim()
    .slice(-100);
  return cleaned || `fichier${fallbackExtension}`;
}

/** Content-Disposition for a download: attachment, an ASCII name and the UTF-8 one (RFC 6266, 5987). */
export function attachmentHeader(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '_') || 'fichier';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
