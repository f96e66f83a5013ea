// A large import stores notices in groups, one statement per group, read on worker threads: the results
// still come one per notice in the order of the inputs, a notice the database refuses is rejected alone
// (every other notice of its group is stored, each whole), and a notice given twice becomes two
// versions. Zip entries are read at once, never past the size of a notice whatever the zip declares.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { plannedNoticeRows, saveSubmissionsEach } from '../../src/modules/notices/notice-batch.repository.js';
import {
  importNotices,
  IMPORT_GROUP_SIZE,
  type NoticeImportResult,
} from '../../src/modules/notices/notice-import.service.js';
import { readNotice } from '../../src/modules/notices/scolomfr-notice.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const valid = fs.readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8');
let database: TestDatabase;
let folder: string;
let producer: { id: number; code: string };

beforeAll(async () => {
  database = await createTestDatabase();
  producer = await database.db
    .selectFrom('producers')
    .select(['id', 'code'])
    .orderBy('id')
    .executeTakeFirstOrThrow();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-notices-batch-'));
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const notice = (identifier: string) => valid.replace('978-2-01-000001-7', identifier);

async function zipBytes(entries: { name: string; xml: string | Buffer; compress?: boolean }[]) {
  const archive = new yazl.ZipFile();
  for (const entry of entries)
    archive.addBuffer(Buffer.from(entry.xml), entry.name, { compress: entry.compress ?? true });
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function writeZip(name: string, entries: { name: string; xml: string }[]): Promise<string> {
  const file = path.join(folder, name);
  fs.writeFileSync(file, await zipBytes(entries));
  return file;
}

async function run(inputs: string[], readers: number) {
  const results: NoticeImportResult[] = [];
  const summary = await importNotices(database.db, inputs, {
    producer: producer.code,
    readers,
    onResult: (result) => results.push(result),
  });
  return { results, summary };
}

const storedIdentifiers = async (prefix: string) =>
  (
    await database.db
      .selectFrom('notices')
      .select('identifier')
      .where('identifier', 'like', `${prefix}%`)
      .orderBy('id')
      .execute()
  ).map((row) => row.identifier);

describe('importNotices in groups', () => {
  it('stores a group in one statement, and when the database refuses it, every notice but the one at fault', async () => {
    const { fields, warnings } = readNotice(valid);
    const tooLong = `groupe-${'x'.repeat(600)}`;
    const submissions = Array.from({ length: 40 }, (_, i) => ({
      producerId: producer.id,
      // Past the readers' own limits: only the table's CHECK stops it.
      fields: { ...fields!, identifier: i === 17 ? tooLong : `groupe-${i}` },
      source: valid,
      sourceFormat: 'scolomfr' as const,
      warnings,
    }));
    const outcomes = await saveSubmissionsEach(database.db, submissions);
    expect(outcomes[17]).toMatchObject({
      refusal: { code: '23514', constraint: 'notices_identifier_check' },
    });
    expect(outcomes.filter((outcome) => 'noticeId' in outcome)).toHaveLength(39);
    const stored = await storedIdentifiers('groupe-');
    expect(stored).toEqual(submissions.filter((_, i) => i !== 17).map((s) => s.fields.identifier));
    // Nothing half-imported: every stored notice has its version, and the refused one has neither.
    const { rows } = await sql<{ missing: number }>`
      SELECT count(*)::int AS missing FROM notices n
      WHERE n.identifier LIKE 'groupe-%'
        AND NOT EXISTS (SELECT 1 FROM notice_versions v WHERE v.notice_id = n.id AND v.version = n.current_version)`.execute(
      database.db,
    );
    expect(rows[0]!.missing).toBe(0);
  });

  it('reads on worker threads past a few hundred notices, the results in order, as read on one thread', async () => {
    const count = IMPORT_GROUP_SIZE + 150;
    const entries = Array.from({ length: count }, (_, i) => ({
      name: `lot/n-${String(i).padStart(4, '0')}.xml`,
      xml:
        i === 123
          ? notice('lot-123').replace('</title>', '</titre>')
          : // The same notice twice in one group: two versions, in order.
            notice(`lot-${i === 301 ? 300 : i}`),
    }));
    const zip = await writeZip('lot.zip', entries);
    const onWorkers = await run([zip], 2);
    const names = onWorkers.results.map((r) => r.file.split(':').pop());
    expect(names).toEqual(entries.map((e) => e.name));
    expect(onWorkers.results[123]).toMatchObject({
      status: 'rejected',
      errors: [{ rule: 'xml.well-formed' }],
    });
    expect(onWorkers.summary).toMatchObject({ notices: count, warning: count - 1, rejected: 1 });
    expect(onWorkers.results[301]!.notice).toBe(onWorkers.results[300]!.notice);
    const versions = await database.db
      .selectFrom('notice_versions')
      .select('version')
      .where('notice_id', '=', onWorkers.results[300]!.notice!)
      .orderBy('version')
      .execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(await storedIdentifiers('lot-')).toHaveLength(count - 2);

    // The same notices read on the import's own thread: the same results, each a new version.
    const onOneThread = await run([zip], 0);
    const shape = (results: NoticeImportResult[]) => results.map(({ notice: _notice, ...rest }) => rest);
    expect(shape(onOneThread.results)).toEqual(shape(onWorkers.results));
    expect(onOneThread.results.map((r) => r.notice)).toEqual(onWorkers.results.map((r) => r.notice));
  });

  it('reads stored and deflated entries, and refuses one whose size the zip understates', async () => {
    // 1.7 MB of notice-like text, ten times smaller deflated: no bomb by its ratio.
    const big = Buffer.from(
      Array.from({ length: 60_000 }, (_, i) => `<keyword>mot ${(i * 7919) % 100_003}</keyword>`).join('\n'),
    );
    const bytes = await zipBytes([
      { name: 'stockee.xml', xml: notice('zip-stockee'), compress: false },
      { name: 'menteuse.xml', xml: big },
      { name: 'compressee.xml', xml: notice('zip-compressee') },
    ]);
    // The central directory (whose sizes yauzl reads) says the big entry inflates to 1,000 bytes: its
    // header is the 46 bytes before the entry's name, the last time the name appears.
    const header = bytes.lastIndexOf('menteuse.xml') - 46;
    expect(bytes.readUInt32LE(header)).toBe(0x02014b50);
    bytes.writeUInt32LE(1000, header + 24);
    const file = path.join(folder, 'tailles.zip');
    fs.writeFileSync(file, bytes);
    const { results } = await run([file], 0);
    expect(results.map((r) => [r.file.split(':').pop(), r.status, r.errors[0]?.rule])).toEqual([
      ['stockee.xml', 'warning', undefined],
      ['menteuse.xml', 'rejected', 'size'],
      ['compressee.xml', 'warning', undefined],
    ]);
    expect(await storedIdentifiers('zip-')).toEqual(['zip-stockee', 'zip-compressee']);
  });

  it('counts the notices again for the planner once an import has doubled the table', async () => {
    // The planner's count now; an import of more notices than it believes the table holds counts again.
    await sql`ANALYZE notices`.execute(database.db);
    const before = await plannedNoticeRows(database.db);
    const count = Math.max(1200, Math.ceil(before) + 250);
    const entries = Array.from({ length: count }, (_, i) => ({
      name: `n-${i}.xml`,
      xml: notice(`compte-${i}`),
    }));
    const { summary } = await run([await writeZip('compte.zip', entries)], 2);
    expect(summary).toMatchObject({ notices: count, rejected: 0 });
    expect(await plannedNoticeRows(database.db)).toBeGreaterThanOrEqual(before + 1000);
  });
});
