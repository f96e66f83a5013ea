// The upload of a teacher's file, in the scope of the form's route: the multipart body is streamed
// into the FileStorage as it arrives (never whole in memory), cut past MAX_TEACHER_FILE_BYTES. Only
// the file of a person who may publish, whose form carries the session's CSRF token before the file,
// is written; anything else is read and dropped, so an anonymous or forged request never fills the
// disk (the session plugin then refuses it). A stored file that no resource claimed by the time the
// answer leaves (a refused form, an abort) is removed.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Actor } from '../accounts/actor.js';
import { CSRF_FIELD, CSRF_HEADER } from '../accounts/csrf.js';
import { sameSecret } from '../accounts/secrets.js';
import { MAX_TEACHER_FILE_BYTES } from './file-content.js';
import type { FileStorage } from './file-storage.js';
import { canPublishTeacherResources } from './teacher-resources.policy.js';

export interface TeacherUpload {
  /** The stored file, when one was sent and kept. */
  stored?: { key: string; name: string; size: number };
  /** A file was sent but cut at the size limit (nothing kept). */
  tooLarge: boolean;
  /** The use case took the file: it is not removed when the answer leaves. */
  claimed: boolean;
}

const uploads = new WeakMap<FastifyRequest, TeacherUpload>();

export function teacherUploadOf(request: FastifyRequest): TeacherUpload {
  let upload = uploads.get(request);
  if (!upload) {
    upload = { tooLarge: false, claimed: false };
    uploads.set(request, upload);
  }
  return upload;
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await finished(stream);
}

function mayStore(actor: Actor | undefined, token: unknown): boolean {
  return (
    actor !== undefined &&
    canPublishTeacherResources(actor) &&
    typeof token === 'string' &&
    sameSecret(token, actor.csrfToken)
  );
}

export async function registerTeacherUploads(
  scope: FastifyInstance,
  storage: FileStorage,
  actorOf: (request: FastifyRequest) => Promise<Actor | undefined>,
): Promise<void> {
  scope.addHook('onRequest', async (request) => {
    request.actor = await actorOf(request);
  });
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_TEACHER_FILE_BYTES + 1, files: 1, fields: 300, parts: 301, fieldSize: 30_000 },
    async onFile(part) {
      const field = (part.fields as Record<string, { value?: unknown } | undefined>)[CSRF_FIELD]?.value;
      const token = this.headers[CSRF_HEADER] ?? field;
      if (!mayStore(this.actor, token) || !part.filename) return drain(part.file);
      const upload = teacherUploadOf(this);
      const stored = await storage.save(part.file, MAX_TEACHER_FILE_BYTES);
      if (stored) upload.stored = { key: stored.key, name: part.filename, size: stored.size };
      else upload.tooLarge = true;
      part.value = part.filename;
    },
  });
  const removeUnclaimed = async (request: FastifyRequest) => {
    const upload = uploads.get(request);
    if (upload?.stored && !upload.claimed) {
      const { key } = upload.stored;
      upload.stored = undefined;
      await storage.remove(key);
    }
  };
  scope.addHook('onSend', async (request) => removeUnclaimed(request));
  scope.addHook('onRequestAbort', removeUnclaimed);
}
