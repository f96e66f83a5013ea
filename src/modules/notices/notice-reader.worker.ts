// A worker thread of a large import (notice-import.service.ts): reads notices with readNotice (parse,
// XSD check, vocabularies: CPU-bound libxml2) so that several cores read while the import stores.
// Each request is one notice's bytes; each answer its reading, exactly what readNotice returns.
import { serveRequests } from '../../shared/worker-pool.js';
import { readNotice } from './scolomfr-notice.js';

export interface ReadRequest {
  bytes: Uint8Array;
}

serveRequests(({ bytes }: ReadRequest) =>
  readNotice(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
);
