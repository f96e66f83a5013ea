// Where teachers' files are kept: behind this interface, so a deployment may put them elsewhere (an
// object store) without touching the use cases. The default keeps them in a local folder outside the
// web root (config.ts UPLOADS_DIR). A file is named by a random key the server draws, never by the name
// the user sent, so no name can climb out of the folder or overwrite another file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  key: string;
  size: number;
}

export interface FileStorage {
  /**
   * Stores the stream under a new random key. Past `maxBytes` it stops writing, drops what it wrote
   * and answers undefined (the rest of the stream is read and discarded).
   */
  save(stream: Readable, maxBytes: number): Promise<StoredFile | undefined>;
  /** The whole file (for checks of its content; files are small, see MAX_TEACHER_FILE_BYTES). */
  read(key: string): Promise<Buffer>;
  /** The file as a stream, to send it. */
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f]{32}$/;

/** A random key: 128 bits in hexadecimal. */
export const newStorageKey = (): string => randomBytes(16).toString('hex');

/** Files under `root/ab/abcdef…` (two hex digits of fan-out). Keys are checked before any path is built. */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('Invalid storage key');
    return path.join(path.resolve(this.root), key.slice(0, 2), key);
  }

  async save(stream: Readable, maxBytes: number): Promise<StoredFile | undefined> {
    const key = newStorageKey();
    const target = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    let size = 0;
    let cut = false;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        cut ||= size > maxBytes;
        done(null, cut ? undefined : chunk);
      },
    });
    // wx: never overwrite (a key drawn twice would fail rather than replace a file).
    await pipeline(stream, limit, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    if (cut || (stream as Readable & { truncated?: boolean }).truncated) {
      await fs.promises.rm(target, { force: true });
      return undefined;
    }
    return { key, size };
  }

  read(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(key));
  }

  open(key: string): Readable {
    return fs.createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
