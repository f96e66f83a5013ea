import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PageReader } from './page-reader.js';

const lom = fs
  .readFileSync(new URL('../../../test/fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*\?>\s*/, '');

const page = (records: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-05T12:00:00Z</responseDate><request verb="ListRecords">http://source.exemple/oai</request><ListRecords>${records}</ListRecords></OAI-PMH>`,
  );
const record = (id: string, metadata: string) =>
  `<record><header><identifier>${id}</identifier><datestamp>2026-11-01</datestamp></header><metadata>${metadata}</metadata></record>`;
const deleted = (id: string) =>
  `<record><header status="deleted"><identifier>${id}</identifier><datestamp>2026-11-01</datestamp></header></record>`;

let reader: PageReader | undefined;
afterEach(async () => {
  await reader?.close();
  reader = undefined;
});

describe('PageReader', () => {
  it('reads each record of a page on a worker, in the page’s order, a deleted one as null', async () => {
    reader = new PageReader(1);
    const readings = await reader.read(
      page(
        record('oai:a', lom) +
          deleted('oai:b') +
          record('oai:c', lom.replace('<language>fre</language>', '<language>fre</language><bogus/>')),
      ),
    );
    expect(readings).toHaveLength(3);
    expect(readings[0]).toMatchObject({ errors: [], fields: { identifier: '978-2-01-000001-7' } });
    expect(readings[1]).toBeNull();
    expect(readings[2]!.errors).toEqual([expect.objectContaining({ rule: 'xsd.unexpected' })]);
  });

  it('a page its worker cannot read fails the reader, which says so for that page and the next', async () => {
    reader = new PageReader(1);
    await expect(reader.read(Buffer.from('<html>pas une page</html>'))).rejects.toThrow(
      /Lecture d’une page moissonnée/,
    );
    await expect(reader.read(page(record('oai:a', lom)))).rejects.toThrow(/Lecture d’une page moissonnée/);
  });
});
