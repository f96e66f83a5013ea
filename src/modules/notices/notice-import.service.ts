// Importing ScoLOMfr notices as a producer's submissions: files, folders (every .xml inside) and zips,
// one notice at a time. Each notice gets its own result and its own transaction: one bad notice never
// blocks the others, and none is half-imported. Memory stays flat: a notice is read, checked, stored
// and let go before the next, and a zip is read entry by entry.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import yauzl from 'yauzl';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { MAX_NOTICE_BYTES, type NoticeIssue } from './scolomfr-document.js';
import { readNotice } from './scolomfr-notice.js';
import { findProducer, saveSubmission } from './notices.repository.js';

/** A zip may hold at most this much once uncompressed, and no entry may expand more than this ratio. */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 2_000_000_000;
export const MAX_ZIP_RATIO = 200;

export type ImportStatus = 'accepted' | 'warning' | 'rejected';

/** One notice's result: the public contract of `import --json` and of POST /api/notices/import. */
export interface NoticeImportResult {
  file: string;
  status: ImportStatus;
  notice?: number;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
}

export interface ImportSummary {
  summary: true;
  notices: number;
  accepted: number;
  warning: number;
  rejected: number;
  seconds: number;
}

/** A notice to import: its name for messages and its bytes (undefined: refused before reading). */
interface NoticeSource {
  file: string;
  read: () => Promise<Buffer | NoticeIssue>;
}

const tooLarge = (bytes: number): NoticeIssue => ({
  path: '/',
  line: 0,
  rule: 'size',
  message: `La notice fait ${(bytes / 1_000_000).toFixed(1)} Mo : au-delà de ${MAX_NOTICE_BYTES / 1_000_000} Mo, elle n’est pas lue.`,
});

/** Imports every notice of the inputs; `onResult` sees each result as it comes (progress, JSON lines). */
export async function importNotices(
  db: Kysely<Database>,
  inputs: readonly string[],
  options: { producer?: string; onResult?: (result: NoticeImportResult) => void },
): Promise<ImportSummary> {
  const started = performance.now();
  const summary: ImportSummary = {
    summary: true,
    notices: 0,
    accepted: 0,
    warning: 0,
    rejected: 0,
    seconds: 0,
  };
  const producer = options.producer ? await findProducer(db, options.producer) : undefined;
  if (options.producer && !producer) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Producteur inconnu : « ${options.producer} » (ni un code ni un nom de producteur).`,
    );
  }
  const producers = new Map<string, { id: number } | undefined>();
  for await (const source of noticeSources(inputs)) {
    const result = await importOne(db, source, async (publisherName) => {
      if (producer) return producer;
      if (!publisherName) return undefined;
      if (!producers.has(publisherName)) producers.set(publisherName, await findProducer(db, publisherName));
      return producers.get(publisherName);
    });
    summary.notices += 1;
    summary[result.status] += 1;
    options.onResult?.(result);
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

async function importOne(
  db: Kysely<Database>,
  source: NoticeSource,
  producerOf: (publisherName: string | undefined) => Promise<{ id: number } | undefined>,
): Promise<NoticeImportResult> {
  const rejected = (errors: NoticeIssue[], warnings: NoticeIssue[] = []): NoticeImportResult => ({
    file: source.file,
    status: 'rejected',
    errors,
    warnings,
  });
  const bytes = await source.read();
  if (!Buffer.isBuffer(bytes)) return rejected([bytes]);
  const reading = readNotice(bytes);
  if (!reading.fields) return rejected(reading.errors, reading.warnings);
  const producer = await producerOf(reading.fields.publisherName);
  if (!producer) {
    return rejected(
      [
        {
          path: '/lom/lifeCycle/contribute',
          line: 0,
          rule: 'producer',
          message: reading.fields.publisherName
            ? `L’éditeur « ${reading.fields.publisherName} » n’est pas un producteur du catalogue : précisez --producer.`
            : 'La notice ne nomme pas d’éditeur (rôle publisher) : précisez --producer.',
        },
      ],
      reading.warnings,
    );
  }
  const { noticeId } = await saveSubmission(db, {
    producerId: producer.id,
    fields: reading.fields,
    source: bytes.toString('utf8'),
    sourceFormat: 'scolomfr',
    warnings: reading.warnings,
  });
  return {
    file: source.file,
    status: reading.warnings.length > 0 ? 'warning' : 'accepted',
    notice: noticeId,
    errors: [],
    warnings: reading.warnings,
  };
}

/** Every notice of the inputs, in order: files as given, folders sorted, zips entry by entry. */
async function* noticeSources(inputs: readonly string[]): AsyncGenerator<NoticeSource> {
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat) {
      yield { file: input, read: () => Promise.resolve(problem('file', 'Fichier ou dossier introuvable.')) };
    } else if (stat.isDirectory()) {
      for (const file of listXmlFiles(input)) yield fileSource(file);
    } else if (input.toLowerCase().endsWith('.zip')) {
      yield* zipSources(input);
    } else {
      yield fileSource(input);
    }
  }
}

function problem(rule: string, message: string): NoticeIssue {
  return { path: '/', line: 0, rule, message };
}

function fileSource(file: string): NoticeSource {
  return {
    file,
    read: async () => {
      const { size } = await fs.promises.stat(file);
      return size > MAX_NOTICE_BYTES ? tooLarge(size) : fs.promises.readFile(file);
    },
  };
}

function listXmlFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs
    .readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...listXmlFiles(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) found.push(full);
  }
  return found;
}

/** True when an entry name stays inside the archive's folder (no absolute path, no "..", no drive). */
export function isSafeEntryName(name: string): boolean {
  if (name.includes('\0') || name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name))
    return false;
  return !name.split(/[\\/]/).includes('..');
}

/**
 * A zip's notices, entry by entry. Names that climb out of the folder, entries that expand more than
 * MAX_ZIP_RATIO times (a zip bomb) or past the size of a notice, and archives past
 * MAX_ZIP_UNCOMPRESSED_BYTES are refused with a result of their own, never extracted.
 */
async function* zipSources(zipPath: string): AsyncGenerator<NoticeSource> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      zipPath,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (error, file) => (error ? reject(error) : resolve(file)),
    ),
  ).catch((error: unknown) => error as Error);
  if (zip instanceof Error) {
    yield {
      file: zipPath,
      read: () => Promise.resolve(problem('zip', `Archive zip illisible : ${zip.message}`)),
    };
    return;
  }
  let declaredTotal = 0;
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) return;
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      const file = `${zipPath}:${name}`;
      if (name.endsWith('/')) continue;
      const refuse = (rule: string, message: string): NoticeSource => ({
        file,
        read: () => Promise.resolve(problem(rule, message)),
      });
      if (!isSafeEntryName(name)) {
        yield refuse('zip.path', 'Ce nom de fichier sort du dossier de l’archive : l’entrée est refusée.');
        continue;
      }
      if (!name.toLowerCase().endsWith('.xml')) continue;
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > MAX_ZIP_UNCOMPRESSED_BYTES) {
        yield refuse(
          'zip.size',
          'L’archive dépasse la taille totale permise une fois décompressée : la suite est ignorée.',
        );
        return;
      }
      if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > MAX_ZIP_RATIO) {
        yield refuse(
          'zip.ratio',
          `Cette entrée se décompresse plus de ${MAX_ZIP_RATIO} fois : refusée (bombe zip possible).`,
        );
        continue;
      }
      if (entry.uncompressedSize > MAX_NOTICE_BYTES) {
        yield { file, read: () => Promise.resolve(tooLarge(entry.uncompressedSize)) };
        continue;
      }
      yield { file, read: () => readEntry(zip, entry) };
    }
  } finally {
    zip.close();
  }
}

/** An entry's bytes, stopped past the size of a notice (sizes a zip declares can lie). */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer | NoticeIssue> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, readable) => (error ? reject(error) : resolve(readable))),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_NOTICE_BYTES) {
        stream.destroy();
        return tooLarge(size);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    return problem('zip', `Entrée illisible : ${(error as Error).message}`);
  }
  return Buffer.concat(chunks);
}
