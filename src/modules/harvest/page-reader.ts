// Reading a harvested OAI-PMH page's ScoLOMfr / LOM records, on worker threads: the main thread fetches
// the pages, parses each for its token and headers and writes the records, while the workers read the
// pages before (each parses the reply again, then validates and reads every <lom> where it stands:
// readLom, the notices' rules). Reading is most of a harvest's CPU; one thread doing it all capped a
// harvest at what that thread could read.
import type { XmlElement } from 'libxml2-wasm';
import { startModuleWorker, WorkerPool } from '../../shared/worker-pool.js';
import { LOM_NS } from '../notices/scolomfr-document.js';
import { readLom, type NoticeReading } from '../notices/scolomfr-notice.js';

/** A ScoLOMfr / LOM record's metadata element read by the notices' rules (null: no metadata). */
export function readLomMetadata(metadata: XmlElement | null): NoticeReading {
  const refused = (rule: string, message: string): NoticeReading => ({
    errors: [{ path: '/record/metadata', line: 0, rule, message }],
    warnings: [],
  });
  if (!metadata) return refused('oai.metadata', 'L’enregistrement n’a pas de métadonnées.');
  if (metadata.name !== 'lom' || metadata.namespaceUri !== LOM_NS) {
    const found = metadata.namespaceUri ? `{${metadata.namespaceUri}}${metadata.name}` : metadata.name;
    return refused(
      'scolomfr.root',
      `Les métadonnées doivent être un élément « lom » dans l’espace de noms ${LOM_NS} ; trouvé : « ${found} ».`,
    );
  }
  return readLom(metadata, metadata.line);
}

export interface PageRequest {
  bytes: Uint8Array;
}

/** One reading per record of the page, in order; null for a deleted record. */
export type PageReadings = (NoticeReading | null)[];

export class PageReader {
  private readonly pool: WorkerPool<PageRequest, PageReadings>;

  constructor(threads: number) {
    this.pool = new WorkerPool(
      () => startModuleWorker(import.meta.url, 'page-reader.worker'),
      threads,
      'Lecture d’une page moissonnée',
    );
  }

  /** The readings of a ListRecords reply's records (its bytes, as received: copied to the worker). */
  read(bytes: Buffer): Promise<PageReadings> {
    const own = new Uint8Array(bytes);
    return this.pool.run({ bytes: own }, [own.buffer]);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
