// Importing ScoLOMfr notices as a producer's submissions: files, folders (every .xml inside) and zips.
// Each notice gets its own result, in the order of the inputs: one bad notice never blocks the others,
// and none is half-imported (its notice row and its version are written by one statement).
//
// A large import is a pipeline, so that 100,000 notices go in minutes with flat memory:
// - reading: notices are taken one after another (a zip entry by entry) and read by readNotice (parse,
//   XSD, vocabularies: CPU-bound) on worker threads once the import is past a few hundred notices, a
//   bounded number of them ahead of the writing;
// - writing: the readable notices are stored in groups, one statement per group
//   (notice-batch.repository.ts), while the next group is being read. A group the database refuses is
//   split in halves until the notice at fault is alone: it is rejected with a located error, and every
//   other notice of the group is stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import yauzl from 'yauzl';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import {
  analyzeNotices,
  plannedNoticeRows,
  saveSubmissionsEach,
  submissionKey,
  type Refusal,
  type Submission,
} from './notice-batch.repository.js';
import { startModuleWorker, WorkerPool } from '../../shared/worker-pool.js';
import type { ReadRequest } from './notice-reader.worker.js';
import { MAX_NOTICE_BYTES, type NoticeIssue } from './scolomfr-document.js';
import { readNotice, type NoticeReading } from './scolomfr-notice.js';
import { findProducer } from './notices.repository.js';

/** A zip may hold at most this much once uncompressed, and no entry may expand more than this ratio. */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 2_000_000_000;
export const MAX_ZIP_RATIO = 200;

/** Notices stored by one statement (bench:import: larger groups gain little, and wait longer). */
export const IMPORT_GROUP_SIZE = 250;
/** Notices read ahead of the writing, at most. */
const READ_AHEAD = 512;
/** Below this many notices the import reads on its own thread: starting workers costs about a second. */
const WORKERS_AFTER = 200;

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

export interface ImportOptions {
  producer?: string;
  onResult?: (result: NoticeImportResult) => void;
  /**
   * Worker threads that read notices in a large import (default: one per core, at most 4); 0 reads on
   * the import's own thread.
   */
  readers?: number;
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
  options: ImportOptions,
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
  const producerOf = async (publisherName: string | undefined) => {
    if (producer) return producer;
    if (!publisherName) return undefined;
    if (!producers.has(publisherName)) producers.set(publisherName, await findProducer(db, publisherName));
    return producers.get(publisherName);
  };
  const writer = new GroupWriter(db, (result) => {
    summary.notices += 1;
    summary[result.status] += 1;
    options.onResult?.(result);
  });
  const reader = new NoticeReader(options.readers ?? Math.min(4, os.availableParallelism()));
  try {
    for await (const notice of readAhead(noticeSources(inputs), reader)) {
      await writer.add(await decide(notice, producerOf));
    }
    await writer.finish();
  } finally {
    await reader.close();
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}

/** A notice once read: its bytes and reading, or why it could not be read. */
interface ReadNotice {
  file: string;
  bytes?: Buffer;
  reading: NoticeReading;
}

/** What the writer receives: a result already known (rejected), or a submission to store. */
type Decided = { result: NoticeImportResult } | { file: string; submission: Submission };

async function decide(
  notice: ReadNotice,
  producerOf: (publisherName: string | undefined) => Promise<{ id: number } | undefined>,
): Promise<Decided> {
  const { file, reading } = notice;
  const rejected = (errors: NoticeIssue[], warnings: NoticeIssue[] = []): Decided => ({
    result: { file, status: 'rejected', errors, warnings },
  });
  if (!reading.fields || !notice.bytes) return rejected(reading.errors, reading.warnings);
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
  return {
    file,
    submission: {
      producerId: producer.id,
      fields: reading.fields,
      source: notice.bytes.toString('utf8'),
      sourceFormat: 'scolomfr',
      warnings: reading.warnings,
    },
  };
}

/**
 * The notices of the sources, read, in order. Bytes are taken one source after the other (a zip's
 * entries one at a time); the readings run ahead on the workers, READ_AHEAD notices at most.
 */
async function* readAhead(sources: AsyncIterable<NoticeSource>, reader: NoticeReader) {
  const pending: Promise<ReadNotice>[] = [];
  for await (const source of sources) {
    const bytes = await source.read();
    const file = source.file;
    const read = Buffer.isBuffer(bytes)
      ? reader.read(bytes).then((reading) => ({ file, bytes, reading }))
      : Promise.resolve({ file, reading: { errors: [bytes], warnings: [] } });
    // A failed read surfaces when its turn comes, not as an unhandled rejection before.
    read.catch(() => undefined);
    pending.push(read);
    if (pending.length >= READ_AHEAD) yield await pending.shift()!;
  }
  while (pending.length > 0) yield await pending.shift()!;
}

/**
 * readNotice on worker threads once the import has read WORKERS_AFTER notices on its own thread (a
 * small import never waits for workers to start). Answers come back in any order; each read has its
 * own promise. (The harvester reads its records in place in each OAI-PMH page: harvest/page-reader.ts.)
 */
export class NoticeReader {
  private readonly pool: WorkerPool<ReadRequest, NoticeReading>;
  private readInline = 0;

  constructor(private readonly threads: number) {
    this.pool = new WorkerPool(
      () => startModuleWorker(import.meta.url, 'notice-reader.worker'),
      threads,
      'Lecture d’une notice',
    );
  }

  read(bytes: Buffer): Promise<NoticeReading> {
    if (this.threads <= 0 || this.readInline < WORKERS_AFTER) {
      this.readInline += 1;
      return Promise.resolve(readNotice(bytes));
    }
    // The notice's own bytes, handed over: posting `bytes` would copy the whole memory it is a view of
    // (zlib's output chunk, Node's buffer pool).
    const own = new Uint8Array(bytes);
    return this.pool.run({ bytes: own }, [own.buffer]);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A refusal of the database as a located problem of the notice. */
function refusedByDatabase(refusal: Refusal): NoticeIssue {
  if (refusal.constraint === 'notices_identifier_check') {
    return {
      path: '/lom/general/identifier/entry',
      line: 0,
      rule: 'database',
      message: 'L’identifiant dépasse 500 caractères : la notice n’est pas enregistrée.',
    };
  }
  if (refusal.constraint === 'notices_title_check') {
    return {
      path: '/lom/general/title/string',
      line: 0,
      rule: 'database',
      message: 'Le titre dépasse 1 000 caractères : la notice n’est pas enregistrée.',
    };
  }
  return {
    path: '/',
    line: 0,
    rule: 'database',
    message: `La base de données refuse cette notice : ${refusal.message}`,
  };
}

/**
 * Groups decided notices and stores each group with one statement, one group at a time, while the
 * next one fills; reports every result in the order the notices came.
 */
class GroupWriter {
  private group: Decided[] = [];
  private keys = new Set<string>();
  private submissions = 0;
  private writing: Promise<void> = Promise.resolve();
  /** What the planner believes the notices table holds, and how many notices were stored since. */
  private plannedRows: Promise<number> | number;
  private storedSincePlanned = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly report: (result: NoticeImportResult) => void,
  ) {
    this.plannedRows = plannedNoticeRows(db);
    this.plannedRows.catch(() => undefined);
  }

  /** Adds a notice; waits only when a full group must wait for the previous one to be stored. */
  async add(decided: Decided): Promise<void> {
    // One statement cannot store two versions of one notice: the second goes in the next group.
    if ('submission' in decided && this.keys.has(submissionKey(decided.submission))) await this.flush();
    this.group.push(decided);
    if ('submission' in decided) {
      this.keys.add(submissionKey(decided.submission));
      this.submissions += 1;
      if (this.submissions >= IMPORT_GROUP_SIZE) await this.flush();
    } else if (this.group.length >= READ_AHEAD) {
      await this.flush();
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writing;
  }

  /** Hands the group to the database once the previous one is stored; returns without waiting for it. */
  private async flush(): Promise<void> {
    const group = this.group;
    this.group = [];
    this.keys = new Set();
    this.submissions = 0;
    await this.writing;
    this.writing = this.store(group);
    // A failed write surfaces at the next flush or at finish(); never as an unhandled rejection.
    this.writing.catch(() => undefined);
  }

  private async store(group: Decided[]): Promise<void> {
    const submissions = group.flatMap((decided) => ('submission' in decided ? [decided.submission] : []));
    const stored = await saveSubmissionsEach(this.db, submissions);
    // Once the import has stored as many notices as the planner believes the table holds (and at
    // least a thousand), the table is counted again (analyzeNotices says why).
    this.storedSincePlanned += submissions.length;
    if (this.storedSincePlanned >= Math.max(1000, await this.plannedRows)) {
      this.plannedRows = await analyzeNotices(this.db);
      this.storedSincePlanned = 0;
    }
    let next = 0;
    for (const decided of group) {
      if ('result' in decided) {
        this.report(decided.result);
        continue;
      }
      const outcome = stored[next++]!;
      const { warnings } = decided.submission;
      this.report(
        'noticeId' in outcome
          ? {
              file: decided.file,
              status: warnings.length > 0 ? 'warning' : 'accepted',
              notice: outcome.noticeId,
              errors: [],
              warnings: [...warnings],
            }
          : {
              file: decided.file,
              status: 'rejected',
              errors: [refusedByDatabase(outcome.refusal)],
              warnings: [...warnings],
            },
      );
    }
  }
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
 * A zip's bytes for yauzl, read a megabyte at a time and kept in a few blocks: yauzl asks for each entry's
 * header, name and data separately, and reading each from the file costs more than reading the notice.
 */
class BlockReader extends yauzl.RandomAccessReader {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks = new Map<number, Buffer>();

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    super();
  }

  /** Bytes [start, end) of the file, copied into `target` at `offset`. */
  copy(target: Buffer, offset: number, start: number, end: number): void {
    if (start < 0 || end > this.size) throw new Error('lecture hors de l’archive');
    for (let at = start; at < end;) {
      const index = Math.floor(at / BlockReader.BLOCK);
      const block = this.block(index);
      const from = at - index * BlockReader.BLOCK;
      const count = Math.min(end - at, block.length - from);
      if (count <= 0) throw new Error('lecture hors de l’archive');
      block.copy(target, offset, from, from + count);
      offset += count;
      at += count;
    }
  }

  private block(index: number): Buffer {
    let block = this.blocks.get(index);
    if (block) {
      this.blocks.delete(index);
    } else {
      const length = Math.min(BlockReader.BLOCK, this.size - index * BlockReader.BLOCK);
      block = Buffer.allocUnsafeSlow(length);
      fs.readSync(this.fd, block, 0, length, index * BlockReader.BLOCK);
      // The central directory (the end of the file) and the entries (from the start) are read together.
      if (this.blocks.size >= 4) this.blocks.delete(this.blocks.keys().next().value!);
    }
    this.blocks.set(index, block);
    return block;
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | null) => void,
  ): void {
    try {
      this.copy(buffer, offset, position, position + length);
    } catch (error) {
      process.nextTick(callback, error);
      return;
    }
    process.nextTick(callback, null);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const bytes = Buffer.allocUnsafe(end - start);
    this.copy(bytes, 0, start, end);
    return Readable.from([bytes]);
  }

  override close(callback: (error: Error | null) => void): void {
    fs.close(this.fd, callback);
  }
}

async function openZip(zipPath: string): Promise<{ zip: yauzl.ZipFile; reader: BlockReader }> {
  const fd = await promisify(fs.open)(zipPath, 'r');
  const { size } = await promisify(fs.fstat)(fd).catch(async (error: unknown) => {
    await promisify(fs.close)(fd);
    throw error;
  });
  const reader = new BlockReader(fd, size);
  try {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(
        reader,
        size,
        { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
        (error, file) => (error ? reject(error) : resolve(file)),
      ),
    );
    return { zip, reader };
  } catch (error) {
    await promisify(fs.close)(fd);
    throw error;
  }
}

/**
 * A zip's notices, entry by entry. Names that climb out of the folder, entries that expand more than
 * MAX_ZIP_RATIO times (a zip bomb) or past the size of a notice, and archives past
 * MAX_ZIP_UNCOMPRESSED_BYTES are refused with a result of their own, never extracted.
 */
async function* zipSources(zipPath: string): AsyncGenerator<NoticeSource> {
  const opened = await openZip(zipPath).catch((error: unknown) => error as Error);
  if (opened instanceof Error) {
    yield {
      file: zipPath,
      read: () => Promise.resolve(problem('zip', `Archive zip illisible : ${opened.message}`)),
    };
    return;
  }
  const { zip, reader } = opened;
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
      yield { file, read: () => readEntry(zip, reader, entry) };
    }
  } finally {
    zip.close();
  }
}

/** Deflate never grows data by more than a few bytes per 16 KB block: past this, an entry is not a notice. */
const MAX_COMPRESSED_NOTICE_BYTES = MAX_NOTICE_BYTES + 1024;

/**
 * An entry's bytes, inflated at once, and never past the size of a notice (sizes a zip declares can
 * lie: the inflated size is checked against the declared one).
 */
async function readEntry(
  zip: yauzl.ZipFile,
  reader: BlockReader,
  entry: yauzl.Entry,
): Promise<Buffer | NoticeIssue> {
  const unreadable = (reason: string) => problem('zip', `Entrée illisible : ${reason}`);
  if (entry.isEncrypted()) return unreadable('entrée chiffrée.');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return unreadable(`méthode de compression ${entry.compressionMethod} non prise en charge.`);
  }
  if (entry.compressedSize > MAX_COMPRESSED_NOTICE_BYTES) return tooLarge(entry.compressedSize);
  let bytes: Buffer;
  try {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    const stored = Buffer.allocUnsafe(entry.compressedSize);
    reader.copy(stored, 0, fileDataStart, fileDataStart + entry.compressedSize);
    bytes =
      entry.compressionMethod === 0
        ? stored
        : zlib.inflateRawSync(stored, {
            maxOutputLength: MAX_NOTICE_BYTES,
            // One chunk just past the declared size: the notice's bytes, not a 16 KB buffer mostly empty.
            chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, entry.uncompressedSize + 1),
          });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(MAX_NOTICE_BYTES + 1);
    return unreadable((error as Error).message);
  }
  if (bytes.length > MAX_NOTICE_BYTES) return tooLarge(bytes.length);
  if (bytes.length !== entry.uncompressedSize) {
    return unreadable(
      `${bytes.length} octets une fois décompressée, l’archive en annonce ${entry.uncompressedSize}.`,
    );
  }
  return bytes;
}
