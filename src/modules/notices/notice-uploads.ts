// Uploads of ScoLOMfr notices over HTTP (the API and the publisher's import page): a raw XML or zip
// body, or a multipart form with files. Every upload is streamed to a private temporary folder, never
// held in memory, with a size limit per file; the folder is removed once the answer is sent. The import
// then reads those files exactly as the CLI reads its arguments.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { treatMalformedMultipartAsBadRequest } from '../../shared/multipart-errors.js';

/** An upload may be a zip of thousands of notices: 200 MB per file, 20 files per form. */
export const MAX_UPLOAD_BYTES = 200 * 1_048_576;
const MAX_UPLOAD_FILES = 20;

/** Raw bodies taken as a notice (XML) or an archive (zip). */
export const rawNoticeTypes = ['application/xml', 'text/xml', 'application/zip', 'application/octet-stream'];

declare module 'fastify' {
  interface FastifyRequest {
    /** Files of this request's upload, on disk (see notice-uploads.ts). */
    noticeUploads?: { folder: string; files: { name: string; path: string; tooLarge: boolean }[] };
  }
}

function uploadFolder(request: FastifyRequest): NonNullable<FastifyRequest['noticeUploads']> {
  request.noticeUploads ??= {
    folder: fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-upload-')),
    files: [],
  };
  return request.noticeUploads;
}

/** A safe file name for an upload (the name a person gave it, without folders). */
function safeName(name: string, index: number, fallbackExtension: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[^\w.\-À-ÿ]/g, '_')
    .slice(-120);
  return `${index}-${base || `notice${fallbackExtension}`}`;
}

/** Copies a stream to a file, stopping past MAX_UPLOAD_BYTES; true when it had to stop. */
async function saveStream(stream: Readable, file: string): Promise<boolean> {
  let size = 0;
  let tooLarge = false;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) {
        tooLarge = true;
        done();
        return;
      }
      done(null, chunk);
    },
  });
  await pipeline(stream, limit, fs.createWriteStream(file));
  return tooLarge;
}

/**
 * Registers, in the scope of the upload routes, the raw and multipart parsers that stream uploads to
 * disk, and the hook that removes them after the answer.
 */
export async function registerNoticeUploads(scope: FastifyInstance): Promise<void> {
  scope.addContentTypeParser(rawNoticeTypes, (request, payload, done) => {
    const upload = uploadFolder(request);
    const zip = /zip|octet-stream/.test(String(request.headers['content-type']));
    const name = safeName(String(request.headers['x-file-name'] ?? ''), 0, zip ? '.zip' : '.xml');
    const named = /\.(xml|zip)$/i.test(name) ? name : `${name}${zip ? '.zip' : '.xml'}`;
    const file = path.join(upload.folder, named);
    saveStream(payload, file).then(
      (tooLarge) => {
        upload.files.push({ name: String(request.headers['x-file-name'] ?? named), path: file, tooLarge });
        done(null, {});
      },
      (error: unknown) => done(error as Error),
    );
  });
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, fields: 10 },
    onFile: async function (this: FastifyRequest, part) {
      const upload = uploadFolder(this);
      const file = path.join(upload.folder, safeName(part.filename, upload.files.length + 1, '.xml'));
      await pipeline(part.file, fs.createWriteStream(file));
      upload.files.push({ name: part.filename, path: file, tooLarge: part.file.truncated });
      part.value = part.filename;
    },
  });
  treatMalformedMultipartAsBadRequest(scope);
  const remove = async (request: FastifyRequest) => {
    if (request.noticeUploads)
      await fs.promises.rm(request.noticeUploads.folder, { recursive: true, force: true });
  };
  scope.addHook('onResponse', remove);
  scope.addHook('onRequestAbort', remove);
}

/** The uploaded files of a request, refused when there are none or one is too large. */
export function uploadedNoticeFiles(request: FastifyRequest): { name: string; path: string }[] {
  const files =
    request.noticeUploads?.files.filter((file) => file.name !== '' || fs.statSync(file.path).size > 0) ?? [];
  if (files.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Joignez au moins un fichier de notices ScoLOMfr (.xml) ou une archive .zip.',
    );
  }
  const tooLarge = files.find((file) => file.tooLarge);
  if (tooLarge) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Le fichier « ${tooLarge.name} » dépasse ${MAX_UPLOAD_BYTES / 1_048_576} Mo : découpez-le en plusieurs archives.`,
    );
  }
  return files.map(({ name, path: file }) => ({ name, path: file }));
}
