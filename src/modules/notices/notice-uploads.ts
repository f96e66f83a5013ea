// Uploads of ScoLOMfr notices over HTTP, for the API and the publisher's import page: a raw XML or zip
// body, or a multipart form of files. Each file is streamed to a private temporary folder as it arrives
// (never whole in memory), with a size limit per file; the folder is removed once the answer is sent or
// the request aborted. Only a publisher's files are written, and only when the request carries the
// session's CSRF token (header, or the form's _csrf field sent before the files): anything else is read
// and dropped, so an anonymous or forged request never fills the disk. The session plugin then refuses
// such a request as usual. The import reads the stored files exactly as the CLI reads its arguments.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../accounts/actor.js';
import { CSRF_FIELD, CSRF_HEADER } from '../accounts/csrf.js';
import { sameSecret } from '../accounts/secrets.js';
import type { NoticeImportResult } from './notice-import.service.js';
import { publisherProducerIds } from './notices.policy.js';

/** A zip may hold thousands of notices: 200 MB per file, 20 files per form. */
export const MAX_UPLOAD_MEGABYTES = 200;
export const MAX_UPLOAD_FILES = 20;
const MAX_UPLOAD_BYTES = MAX_UPLOAD_MEGABYTES * 1_000_000;

/** Raw bodies taken as a notice (XML) or an archive (zip). */
export const rawNoticeTypes = ['application/xml', 'text/xml', 'application/zip', 'application/octet-stream'];

/** A stored upload: where it is, and the name the publisher gave it. */
export interface UploadedFile {
  path: string;
  name: string;
}

/** The files of one request: stored, or refused before reading (wrong kind, too large). */
export interface NoticeUpload {
  folder?: string | undefined;
  files: UploadedFile[];
  refused: NoticeImportResult[];
}

const uploads = new WeakMap<FastifyRequest, NoticeUpload>();

export function noticeUploadOf(request: FastifyRequest): NoticeUpload {
  let upload = uploads.get(request);
  if (!upload) {
    upload = { files: [], refused: [] };
    uploads.set(request, upload);
  }
  return upload;
}

async function removeUpload(request: FastifyRequest): Promise<void> {
  const upload = uploads.get(request);
  if (upload?.folder) {
    const folder = upload.folder;
    upload.folder = undefined;
    await fs.promises.rm(folder, { recursive: true, force: true });
  }
}

const refusedFile = (file: string, rule: string, message: string): NoticeImportResult => ({
  file,
  status: 'rejected',
  errors: [{ path: '/', line: 0, rule, message }],
  warnings: [],
});

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}

/** A publisher whose request echoes the session's CSRF token: only their files are written. */
function mayStore(actor: Actor | undefined, token: unknown): boolean {
  return (
    actor !== undefined &&
    publisherProducerIds(actor).length > 0 &&
    typeof token === 'string' &&
    sameSecret(token, actor.csrfToken)
  );
}

/** Writes one file into the request's folder, stopping past the size limit; undefined when cut. */
async function store(request: FastifyRequest, stream: Readable, name: string): Promise<void> {
  const upload = noticeUploadOf(request);
  const lower = name.toLowerCase();
  if (!lower.endsWith('.xml') && !lower.endsWith('.zip')) {
    upload.refused.push(
      refusedFile(name, 'file.type', 'Seuls les fichiers .xml et les archives .zip de notices sont lus.'),
    );
    return drain(stream);
  }
  upload.folder ??= await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ccr-notices-upload-'));
  // The stored name is ours (a number), never the one sent: nothing can climb out of the folder.
  const target = path.join(
    upload.folder,
    `${upload.files.length + upload.refused.length + 1}${lower.slice(-4)}`,
  );
  let size = 0;
  let cut = false;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      cut ||= size > MAX_UPLOAD_BYTES;
      done(null, cut ? undefined : chunk);
    },
  });
  await pipeline(stream, limit, fs.createWriteStream(target));
  if (cut || (stream as Readable & { truncated?: boolean }).truncated) {
    await fs.promises.rm(target, { force: true });
    upload.refused.push(
      refusedFile(name, 'file.size', `Le fichier dépasse ${MAX_UPLOAD_MEGABYTES} Mo : il n’est pas lu.`),
    );
    return;
  }
  upload.files.push({ path: target, name });
}

/**
 * Registers, in the scope of the upload routes, the raw and multipart parsers that stream uploads to
 * disk, and the hooks that remove them. `actorOf` reads the session before the body is parsed. The
 * scope's error handler says what a malformed multipart body is (shared/multipart-errors.ts).
 */
export async function registerNoticeUploads(
  scope: FastifyInstance,
  actorOf: (request: FastifyRequest) => Promise<Actor | undefined>,
): Promise<void> {
  scope.addHook('onRequest', async (request) => {
    request.actor = await actorOf(request);
  });
  scope.addContentTypeParser(rawNoticeTypes, (request, payload, done) => {
    const zip = /zip|octet-stream/.test(String(request.headers['content-type']));
    const sent = path.basename(String(request.headers['x-file-name'] ?? '').replace(/\\/g, '/'));
    const name = /\.(xml|zip)$/i.test(sent) ? sent : `${sent || 'notice'}${zip ? '.zip' : '.xml'}`;
    const work = mayStore(request.actor, request.headers[CSRF_HEADER])
      ? store(request, payload, name)
      : drain(payload);
    work.then(
      () => done(null, {}),
      (error: unknown) => done(error as Error),
    );
  });
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    // A file past the limit is cut and reported on its own, not a failure of the whole form.
    throwFileSizeLimit: false,
    limits: {
      fileSize: MAX_UPLOAD_BYTES,
      files: MAX_UPLOAD_FILES,
      fields: 10,
      parts: MAX_UPLOAD_FILES + 10,
    },
    async onFile(part) {
      const field = (part.fields as Record<string, { value?: unknown } | undefined>)[CSRF_FIELD]?.value;
      const token = this.headers[CSRF_HEADER] ?? field;
      if (!mayStore(this.actor, token) || !part.filename) return drain(part.file);
      await store(this, part.file, part.filename);
      part.value = part.filename;
    },
  });
  // Removed before the answer leaves (the import has read them); on an abort, when it is noticed.
  scope.addHook('onSend', async (request) => removeUpload(request));
  scope.addHook('onRequestAbort', removeUpload);
}
