// A worker thread of a large import (notice-import.service.ts): reads notices with readNotice (parse,
// XSD check, vocabularies: CPU-bound libxml2) so that several cores read while the import stores.
// Each message is one notice's bytes; each answer its reading, exactly what readNotice returns.
import { parentPort } from 'node:worker_threads';
import { readNotice } from './scolomfr-notice.js';

export interface ReadRequest {
  id: number;
  bytes: Uint8Array;
}

export type ReadAnswer =
  { id: number; reading: ReturnType<typeof readNotice> } | { id: number; error: string };

parentPort?.on('message', ({ id, bytes }: ReadRequest) => {
  let answer: ReadAnswer;
  try {
    answer = { id, reading: readNotice(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
  } catch (error) {
    // readNotice never throws on bad input: this is a bug, and the import stops on it.
    answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
