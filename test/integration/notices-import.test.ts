// Importing ScoLOMfr notices as a producer's submissions: files, folders and zips, one result per
// notice, each notice stored (or not) on its own; resubmitting makes a new version. Hostile archives
// (names climbing out of the folder, zip bombs, oversized entries) are refused entry by entry. And the
// CLI keeps its public contract: one JSON object per notice, a summary, exit status 1 on a rejection.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/database.js';
import {
  importNotices,
  type ImportSummary,
  type NoticeImportResult,
} from '../../src/modules/notices/notice-import.service.js';
import { cliEnvironment, createTestDatabase, type TestDatabase } from '../support/database.js';

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
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-notices-'));
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

/** A notice of the fixture with its own identifier (and optionally broken). */
function notice(identifier: string, change: (xml: string) => string = (xml) => xml): string {
  return change(valid.replace('978-2-01-000001-7', identifier));
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

async function run(inputs: string[]): Promise<{ results: NoticeImportResult[]; summary: ImportSummary }> {
  const results: NoticeImportResult[] = [];
  const summary = await importNotices(database.db, inputs, {
    producer: producer.code,
    onResult: (result) => results.push(result),
  });
  return { results, summary };
}

async function zip(entries: { name: string; content: Buffer; compress?: boolean }[]): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  for (const entry of entries)
    archive.addBuffer(entry.content, entry.name, { compress: entry.compress ?? true });
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('importNotices', () => {
  it('stores each notice of a folder on its own, and a rejected one not at all', async () => {
    write('lot/a.xml', notice('lot-a'));
    write(
      'lot/sous-dossier/b.xml',
      notice('lot-b', (xml) => xml.replace('</title>', '</titre>')),
    );
    write(
      'lot/c.xml',
      notice('lot-c', (xml) => xml.replace('VERSION:3.0', 'VERSION:2.1')),
    );
    write('lot/ignore.txt', 'pas une notice');
    const { results, summary } = await run([path.join(folder, 'lot')]);
    expect(results.map((r) => [path.basename(r.file), r.status])).toEqual([
      ['a.xml', 'warning'],
      ['c.xml', 'rejected'],
      ['b.xml', 'rejected'],
    ]);
    expect(results[0]!.notice).toEqual(expect.any(Number));
    expect(results[1]!.errors[0]).toMatchObject({ rule: 'vcard', path: '/lom/lifeCycle/contribute/entity' });
    expect(results[2]!.errors[0]).toMatchObject({ rule: 'xml.well-formed', line: 10 });
    expect(summary).toMatchObject({ summary: true, notices: 3, accepted: 0, warning: 1, rejected: 2 });
    const stored = await database.db
      .selectFrom('notices')
      .select(['identifier', 'status', 'current_version', 'producer_id'])
      .where('identifier', 'like', 'lot-%')
      .execute();
    expect(stored).toEqual([
      { identifier: 'lot-a', status: 'submitted', current_version: 1, producer_id: producer.id },
    ]);
  });

  it('keeps every version of a resubmitted notice', async () => {
    const file = write('versions.xml', notice('versions-1'));
    const first = await run([file]);
    write(
      'versions.xml',
      notice('versions-1', (xml) => xml.replace('Les volcans', 'Les grands volcans')),
    );
    const second = await run([file]);
    expect(second.results[0]!.notice).toBe(first.results[0]!.notice);
    const versions = await database.db
      .selectFrom('notice_versions')
      .select(['version', sql<string>`fields->>'title'`.as('title'), 'source_format'])
      .where('notice_id', '=', first.results[0]!.notice!)
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, title: 'Les volcans & les séismes', source_format: 'scolomfr' },
      { version: 2, title: 'Les grands volcans & les séismes', source_format: 'scolomfr' },
    ]);
  });

  it('refuses a 100 MB file without reading it, and a file that does not exist', async () => {
    const huge = path.join(folder, 'enorme.xml');
    const handle = fs.openSync(huge, 'w');
    fs.ftruncateSync(handle, 100_000_000);
    fs.closeSync(handle);
    const { results } = await run([huge, path.join(folder, 'absent.xml')]);
    expect(results.map((r) => r.errors[0]!.rule)).toEqual(['size', 'file']);
    expect(results[0]!.errors[0]!.message).toMatch(/100\.0 Mo/);
  });

  it('reads a zip entry by entry, refusing climbing names, bombs and oversized entries', async () => {
    const bomb = Buffer.alloc(50_000_000); // 50 MB of zeros: about 50 KB compressed
    expect(deflateRawSync(bomb).length).toBeLessThan(100_000);
    let archive = await zip([
      { name: 'notices/un.xml', content: Buffer.from(notice('zip-1')) },
      { name: 'xx/evil.xml', content: Buffer.from(notice('zip-evil')) },
      { name: 'bombe.xml', content: bomb },
      { name: 'notices/deux.xml', content: Buffer.from(notice('zip-2')) },
      { name: 'lisez-moi.txt', content: Buffer.from('rien') },
    ]);
    // yazl refuses to write a name with "..": the same bytes, renamed in both of the zip's headers.
    archive = Buffer.from(archive.toString('latin1').replaceAll('xx/evil.xml', '../evil.xml'), 'latin1');
    const { results } = await run([write('lot.zip', archive)]);
    expect(results.map((r) => [r.file.split(':').pop(), r.status, r.errors[0]?.rule])).toEqual([
      ['notices/un.xml', 'warning', undefined],
      ['../evil.xml', 'rejected', 'zip.path'],
      ['bombe.xml', 'rejected', 'zip.ratio'],
      ['notices/deux.xml', 'warning', undefined],
    ]);
    const stored = await database.db
      .selectFrom('notices')
      .select('identifier')
      .where('identifier', 'like', 'zip-%')
      .orderBy('identifier')
      .execute();
    expect(stored.map((row) => row.identifier)).toEqual(['zip-1', 'zip-2']);
  });

  it('refuses an unknown producer before reading anything', async () => {
    await expect(
      importNotices(database.db, [path.join(folder, 'lot')], { producer: 'editeur-inexistant' }),
    ).rejects.toThrow(/Producteur inconnu/);
  });
});

describe('import (the command)', () => {
  it('prints one JSON object per notice then a summary, and exits 1 when a notice is rejected', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-import-cli-'));
    const environment = await cliEnvironment(database, dataDir);
    let producerCode = producer.code;
    if (database.kind !== 'postgresql') {
      // The command opens its own embedded database: give it a producer.
      const own = await openDatabase({ dataDir });
      await migrateToLatest(own.db as never);
      producerCode = 'editions-exemple';
      await own.db
        .insertInto('producers')
        .values({ code: producerCode, name: 'Éditions Exemple', kind: 'publisher', website: null })
        .execute();
      await own.close();
    }
    const good = write('cli/bon.xml', notice('cli-1'));
    const bad = write(
      'cli/mauvais.xml',
      notice('cli-2', (xml) => xml.replace(/<title>[\s\S]*?<\/title>/, '')),
    );
    const command = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', ...args], {
        env: environment,
      });
    try {
      const failed = await command(['--json', '--producer', producerCode, good, bad]).catch(
        (error: { code: number; stdout: string }) => error,
      );
      expect('code' in failed && failed.code).toBe(1);
      const lines = failed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const anyNumber: unknown = expect.any(Number);
      const anyArray: unknown = expect.any(Array);
      const titleMissing: unknown = expect.objectContaining({
        rule: 'required',
        path: '/lom/general/title/string',
      });
      expect(lines).toEqual([
        {
          file: good,
          status: 'warning',
          notice: anyNumber,
          errors: [],
          warnings: anyArray,
        },
        {
          file: bad,
          status: 'rejected',
          errors: [titleMissing],
          warnings: anyArray,
        },
        { summary: true, notices: 2, accepted: 0, warning: 1, rejected: 1, seconds: anyNumber },
      ]);
      const passed = await command(['--json', '--producer', producerCode, good]);
      expect(JSON.parse(passed.stdout.trim().split('\n').pop()!)).toMatchObject({ rejected: 0, warning: 1 });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
