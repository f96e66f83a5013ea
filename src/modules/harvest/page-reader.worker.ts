// A worker thread of a harvest (page-reader.ts): parses a ListRecords reply again, the same way as the
// client did on the main thread (so the records come in the same order), and reads each record's
// ScoLOMfr / LOM where it stands.
import { serveRequests } from '../../shared/worker-pool.js';
import { parseReply, readListRecords } from './oai-client.js';
import { readLomMetadata, type PageReadings, type PageRequest } from './page-reader.js';

serveRequests(({ bytes }: PageRequest): PageReadings => {
  const document = parseReply(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    return readListRecords(document.root).records.map((record) =>
      record.deleted ? null : readLomMetadata(record.metadata),
    );
  } finally {
    document.dispose();
  }
});
