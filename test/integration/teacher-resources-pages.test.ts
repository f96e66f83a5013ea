// Teachers' own resources through the pages: a link or a file with the publishers' vocabulary pickers
// and a Creative Commons licence, checked by content and size before anything is kept, stored under a
// random key outside the web root; moderated (accept, or refuse with a reason, the author notified);
// accepted, a free resource of the catalogue under the same facets, its file sent as an attachment
// with nosniff and a sandboxing CSP. Each role against each route; every hostile upload refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../support/factories/index.js';
import { pageClient, sessionCookie } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let uploads: string;
let teacher: TestUser;
let head: TestUser;
let publisher: TestUser;
let expert: TestUser;
let staff: TestUser;
let otherStaff: TestUser;
const { page, submit } = pageClient(() => server.app);

const hostile = '<script>alert(1)</script>';
const fields = (overrides: Record<string, string | string[]> = {}): [string, string][] => {
  const base: Record<string, string | string[]> = {
    title: `Frise des révolutions ${hostile}`,
    description: 'Une frise à compléter en classe.',
    keywords: 'histoire, frise',
    levels: ['scolomfr-voc-022-num-023'],
    disciplines: ['scolomfr-voc-015-num-042'],
    types: ['scolomfr-voc-010-num-027'],
    licence: 'cc-by-sa',
    kind: 'file',
    url: '',
    ...overrides,
  };
  return Object.entries(base).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, item]),
  );
};

/** A multipart form as a browser sends it: the CSRF field first, then the fields, then the file. */
function multipart(
  csrf: string,
  entries: [string, string][],
  file?: { name: string; content: Buffer; type?: string },
): { payload: Buffer; contentType: string } {
  const boundary = '----ccrTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of [['_csrf', csrf] as [string, string], ...entries]) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  user: TestUser | undefined,
  entries: [string, string][],
  file?: { name: string; content: Buffer; type?: string },
  csrf = user?.csrf ?? '',
) {
  const body = multipart(csrf, entries, file);
  const response = await server.app.inject({
    method: 'POST',
    url: '/mes-ressources',
    headers: { ...(user ? sessionCookie(user) : {}), 'content-type': body.contentType },
    payload: body.payload,
  });
  return { status: response.statusCode, html: response.body, location: response.headers.location };
}

/** Every file kept in the uploads folder, relative. */
function storedFiles(): string[] {
  if (!fs.existsSync(uploads)) return [];
  return fs
    .readdirSync(uploads, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(uploads, path.join(entry.parentPath, entry.name)));
}

async function latestOf(user: TestUser) {
  return server.database.db
    .selectFrom('teacher_resources')
    .selectAll()
    .where('author_id', '=', user.id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

async function zipOf(
  entries: { name: string; content: Buffer | string; store?: boolean }[],
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries)
    zip.addBuffer(Buffer.from(entry.content), entry.name, { compress: !entry.store });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

beforeAll(async () => {
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-teacher-uploads-'));
  process.env.UPLOADS_DIR = uploads;
  server = await startTestServer();
  const db = server.database.db;
  teacher = await createUser(db, { role: 'teacher', name: `Enseignante ${hostile}` });
  const establishment = await db
    .selectFrom('establishments')
    .select('academy_id')
    .where('id', '=', teacher.grants[0]!.establishmentId!)
    .executeTakeFirstOrThrow();
  head = await createUser(db, { role: 'head' });
  publisher = await createUser(db, { role: 'publisher' });
  expert = await createUser(db, { role: 'expert' });
  staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: establishment.academy_id }] });
  otherStaff = await createUser(db, { role: 'academy-staff' });
});
afterAll(async () => {
  await server?.close();
  delete process.env.UPLOADS_DIR;
  fs.rmSync(uploads, { recursive: true, force: true });
});

describe('publishing', () => {
  it('only people who teach open the form and post it; nothing is stored for the others', async () => {
    expect((await page(teacher, '/mes-ressources/nouvelle')).status).toBe(200);
    for (const user of [head, publisher, expert]) {
      expect((await page(user, '/mes-ressources/nouvelle')).status, user.email).toBe(403);
      expect((await upload(user, fields(), { name: 'a.pdf', content: pdf })).status, user.email).toBe(403);
    }
    expect((await upload(undefined, fields(), { name: 'a.pdf', content: pdf })).status).toBe(401);
    // A forged form (wrong token): refused, and its file never written.
    expect((await upload(teacher, fields(), { name: 'a.pdf', content: pdf }, 'forged')).status).toBe(403);
    expect(storedFiles()).toEqual([]);
    expect(await latestOf(teacher)).toBeUndefined();
  });

  it('a link, with the vocabularies kept as ScoLOMfr concepts, waits for moderation', async () => {
    const reply = await upload(teacher, fields({ kind: 'link', url: 'https://exemple.fr/frise' }));
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/mes-ressources?ok=envoyee');
    const row = (await latestOf(teacher))!;
    expect(row).toMatchObject({
      kind: 'link',
      url: 'https://exemple.fr/frise',
      status: 'pending',
      storage_key: null,
    });
    expect((row.fields as { levels: string[] }).levels).toEqual([
      'http://data.education.fr/voc/scolomfr/concept/scolomfr-voc-022-num-023',
    ]);
    const mine = await page(teacher, '/mes-ressources');
    expect(mine.html).toContain('en attente de modération');
    expect(mine.html).not.toContain('<script>alert(1)');
  });

  it('a file whose name climbs out of the folder is stored under a random key inside it', async () => {
    const reply = await upload(teacher, fields({ title: 'Cours en PDF' }), {
      name: '../../etc/passwd.pdf',
      content: pdf,
    });
    expect(reply.status).toBe(303);
    const row = (await latestOf(teacher))!;
    expect(row.storage_key).toMatch(/^[0-9a-f]{32}$/);
    expect(row.file_name).toBe('passwd.pdf');
    expect(row.media_type).toBe('application/pdf');
    expect(storedFiles()).toEqual([path.join(row.storage_key!.slice(0, 2), row.storage_key!)]);
    expect(fs.readFileSync(path.join(uploads, row.storage_key!.slice(0, 2), row.storage_key!))).toEqual(pdf);
  });

  it('refuses bad fields with French messages, keeping nothing', async () => {
    const before = storedFiles();
    const reply = await upload(teacher, fields({ title: '', licence: 'proprietary', disciplines: [] }), {
      name: 'b.pdf',
      content: pdf,
    });
    expect(reply.status).toBe(400);
    expect(reply.html).toContain('Donnez un titre à la ressource.');
    expect(reply.html).toContain('Choisissez une licence Creative Commons.');
    expect(reply.html).toContain('Cochez au moins une discipline.');
    expect(storedFiles()).toEqual(before);
    const link = await upload(teacher, fields({ kind: 'link', url: 'javascript:alert(1)' }));
    expect(link.status).toBe(400);
    expect(link.html).toContain('Adresse web attendue');
    const noFile = await upload(teacher, fields());
    expect(noFile.status).toBe(400);
    expect(noFile.html).toContain('Choisissez le fichier à publier.');
  });

  it('refuses a .pdf that is really HTML, an oversized file and an archive bomb, keeping none', async () => {
    const before = storedFiles();
    const count = async () =>
      (await server.database.db.selectFrom('teacher_resources').select('id').execute()).length;
    const rows = await count();
    const html = await upload(teacher, fields(), {
      name: 'cours.pdf',
      content: Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
    });
    expect(html.status).toBe(400);
    expect(html.html).toContain('page HTML');
    const big = await upload(teacher, fields(), {
      name: 'gros.pdf',
      content: Buffer.concat([pdf, Buffer.alloc(20_000_001)]),
    });
    expect(big.status).toBe(413);
    expect(big.html).toContain('dépasse 20 Mo');
    const bomb = await zipOf([
      { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', store: true },
      { name: 'content.xml', content: Buffer.alloc(150_000_000) },
    ]);
    expect(bomb.length).toBeLessThan(1_000_000);
    const bombed = await upload(teacher, fields(), { name: 'sequence.odt', content: bomb });
    expect(bombed.status).toBe(400);
    expect(bombed.html).toContain('bombe de décompression');
    expect(storedFiles()).toEqual(before);
    expect(await count()).toBe(rows);
  });
});

describe('moderation', () => {
  let linkId: number;
  let fileId: number;

  beforeAll(async () => {
    const rows = await server.database.db
      .selectFrom('teacher_resources')
      .select(['id', 'kind'])
      .where('author_id', '=', teacher.id)
      .orderBy('id')
      .execute();
    linkId = rows.find((row) => row.kind === 'link')!.id;
    fileId = rows.find((row) => row.kind === 'file')!.id;
  });

  it('experts and the academy’s staff see the queue; teachers and other academies do not', async () => {
    for (const user of [expert, staff]) {
      const queue = await page(user, '/moderation/ressources-enseignants');
      expect(queue.status).toBe(200);
      expect(queue.html).toContain(`/moderation/ressources-enseignants/${linkId}"`);
    }
    const other = await page(otherStaff, '/moderation/ressources-enseignants');
    expect(other.status).toBe(200);
    expect(other.html).not.toContain(`/moderation/ressources-enseignants/${linkId}"`);
    expect((await page(otherStaff, `/moderation/ressources-enseignants/${linkId}`)).status).toBe(404);
    for (const user of [teacher, head, publisher]) {
      expect((await page(user, '/moderation/ressources-enseignants')).status, user.email).toBe(403);
      expect(
        (await submit(user, `/moderation/ressources-enseignants/${linkId}/decision`, { decision: 'accept' }))
          .status,
      ).toBe(403);
    }
    const detail = await page(expert, `/moderation/ressources-enseignants/${linkId}`);
    expect(detail.html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(detail.html).not.toContain(hostile);
  });

  it('a waiting file is sent to its author and moderators only', async () => {
    expect((await page(undefined, `/ressources-enseignants/${fileId}/fichier`)).status).toBe(404);
    expect((await page(head, `/ressources-enseignants/${fileId}/fichier`)).status).toBe(404);
    expect((await page(teacher, `/ressources-enseignants/${fileId}/fichier`)).status).toBe(200);
    expect((await page(expert, `/ressources-enseignants/${fileId}/fichier`)).status).toBe(200);
  });

  it('a refusal needs a reason; the author is notified with it', async () => {
    const bare = await submit(staff, `/moderation/ressources-enseignants/${linkId}/decision`, {
      decision: 'refuse',
    });
    expect(bare.status).toBe(400);
    expect(bare.html).toContain('Dites à l’auteur pourquoi');
    const refused = await submit(staff, `/moderation/ressources-enseignants/${linkId}/decision`, {
      decision: 'refuse',
      reason: `Lien mort ${hostile}`,
    });
    expect(refused.status).toBe(303);
    const notification = await server.database.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('user_id', '=', teacher.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(notification.body).toContain('Lien mort');
    const mine = await page(teacher, '/mes-ressources');
    expect(mine.html).toContain('refusée');
    expect(mine.html).toContain(`Lien mort &lt;script>`);
    const again = await submit(expert, `/moderation/ressources-enseignants/${linkId}/decision`, {
      decision: 'accept',
    });
    expect(again.status).toBe(409);
  });

  it('accepted, the file is a free resource of the catalogue under the same facets, sent safely', async () => {
    const accepted = await submit(expert, `/moderation/ressources-enseignants/${fileId}/decision`, {
      decision: 'accept',
    });
    expect(accepted.status).toBe(303);
    const row = await server.database.db
      .selectFrom('teacher_resources as t')
      .innerJoin('resources as r', 'r.id', 't.resource_id')
      .select([
        't.status',
        'r.id',
        'r.origin',
        'r.cost',
        'r.licence',
        'r.levels',
        'r.disciplines',
        'r.authors',
        'r.lowest_price_cents',
      ])
      .where('t.id', '=', fileId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'accepted',
      origin: 'teacher',
      cost: 'no',
      licence: 'cc-by-sa',
      levels: ['scolomfr-voc-022-num-023'],
      disciplines: ['scolomfr-voc-015-num-042'],
      lowest_price_cents: 0,
    });
    expect(row.authors).toEqual([`Enseignante ${hostile}`]);
    const product = await page(undefined, `/ressources/${row.id}`);
    expect(product.status).toBe(200);
    expect(product.html).toContain('Cours en PDF');
    const file = await server.app.inject({ method: 'GET', url: `/ressources-enseignants/${fileId}/fichier` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(file.rawPayload).toEqual(pdf);
  });
});
