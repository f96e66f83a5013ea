// The email outbox sent over SMTP to a real server the test starts (smtp-server): a password reset
// arrives with its link on PUBLIC_URL; a refusing or absent server leads to retries with back-off,
// then 'failed'; a restart sends what is pending; two senders never send a message twice; without
// SMTP_URL messages stay in the outbox and the log says so.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Links in emails come from PUBLIC_URL, read once when the accounts module loads: set it first.
const previousPublicUrl = vi.hoisted(() => {
  const previous = process.env.PUBLIC_URL;
  process.env.PUBLIC_URL = 'https://catalogue.example.fr';
  return previous;
});

import { loadConfig } from '../../src/config.js';
import { MailSender, retryDelayMs, type MailLog } from '../../src/modules/mail/mail-sender.js';
import { claimDueEmails } from '../../src/modules/mail/mail.repository.js';
import { queueEmail } from '../../src/modules/notifications/notifications.repository.js';
import { createUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { downSmtpUrl, startTestSmtp, type TestSmtp } from '../support/smtp.js';

let server: TestServer;
const db = () => server.database.db;
const smtps: TestSmtp[] = [];
const senders: MailSender[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  await Promise.all(smtps.map((smtp) => smtp.close()));
  await server?.close();
  if (previousPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = previousPublicUrl;
});

async function smtpServer(options: { refuse?: boolean } = {}): Promise<TestSmtp> {
  const smtp = await startTestSmtp(options);
  smtps.push(smtp);
  return smtp;
}

function sender(options: Partial<ConstructorParameters<typeof MailSender>[1]> = {}, log = silentLog()) {
  const created = new MailSender(db(), { publicUrl: loadConfig().PUBLIC_URL, log, ...options });
  senders.push(created);
  return created;
}

function silentLog(): MailLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), warn: (line) => lines.push(line) };
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function outboxRow(id: number) {
  return db()
    .selectFrom('email_outbox')
    .select([
      'state',
      'attempts',
      'last_error',
      'sent_at',
      sql<number>`extract(epoch from next_attempt_at - now()) * 1000`.as('due_in_ms'),
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function queue(count: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 0; index < count; index++) {
    await queueEmail(db(), {
      to: `${tag}-${index}@test.ccr.example`,
      subject: `${tag} ${index}`,
      body: 'Bonjour',
    });
    const row = await db()
      .selectFrom('email_outbox')
      .select('id')
      .where('to_email', '=', `${tag}-${index}@test.ccr.example`)
      .executeTakeFirstOrThrow();
    ids.push(Number(row.id));
  }
  return ids;
}

/** Messages of earlier tests are done with, so each test sees only its own. */
async function settleOutbox(): Promise<void> {
  await db().updateTable('email_outbox').set({ state: 'sent' }).where('state', '=', 'pending').execute();
}

describe('sending the outbox over SMTP', () => {
  it('a password reset arrives by SMTP with its link on PUBLIC_URL, and the link works', async () => {
    await settleOutbox();
    const smtp = await smtpServer();
    const user = await createUser(db(), { role: 'head', password: 'Un mot de passe solide 1' });
    const asked = await server.app.inject({
      method: 'POST',
      url: '/mot-de-passe-oublie',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: user.email }).toString(),
    });
    expect(asked.statusCode).toBe(200);

    expect(await sender({ smtpUrl: smtp.url }).runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(user.email);
    expect(mail.from?.value).toEqual([
      { name: 'Catalogue chèque ressources', address: 'ne-pas-repondre@catalogue.example.fr' },
    ]);
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe');
    const link = /https:\/\/catalogue\.example\.fr\/reinitialisation\/([\w-]+)/.exec(mail.text ?? '');
    expect(link, mail.text).not.toBeNull();
    expect(mail.text).not.toContain('localhost');
    expect(mail.messageId).toMatch(/^<outbox-\d+@catalogue\.example\.fr>$/);

    const row = await db()
      .selectFrom('email_outbox')
      .select(['state', 'attempts', 'sent_at'])
      .where('to_email', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
    expect(row.sent_at).not.toBeNull();
    const page = await server.app.inject(`/reinitialisation/${link![1]}`);
    expect(page.statusCode).toBe(200);
  });

  it('a server that refuses the message: retries with growing delays, then failed', async () => {
    await settleOutbox();
    const smtp = await smtpServer({ refuse: true });
    const [id] = await queue(1, 'refused');
    const mail = sender({ smtpUrl: smtp.url, retryDelayMs: 400, maxAttempts: 3 });

    expect(await mail.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const first = await outboxRow(id!);
    expect(first).toMatchObject({ state: 'pending', attempts: 1 });
    expect(first.last_error).toMatch(/451/);
    expect(Number(first.due_in_ms)).toBeGreaterThan(0);
    expect(Number(first.due_in_ms)).toBeLessThanOrEqual(400);
    // Not due yet: nothing is tried.
    expect(await mail.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.attempts).toBe(1);

    await until(async () => (await mail.runOnce()).retried === 1);
    const second = await outboxRow(id!);
    expect(second).toMatchObject({ state: 'pending', attempts: 2 });
    // The delay doubled: 800 ms after the second attempt.
    expect(Number(second.due_in_ms)).toBeGreaterThan(400);
    expect(Number(second.due_in_ms)).toBeLessThanOrEqual(800);

    await until(async () => (await mail.runOnce()).failed === 1);
    const last = await outboxRow(id!);
    expect(last).toMatchObject({ state: 'failed', attempts: 3, sent_at: null });
    expect(last.last_error).toMatch(/451/);
    expect(smtp.attempts).toBe(3);
    // Failed is final.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(await mail.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.attempts).toBe(3);
  });

  it('back-off doubles from the first delay and stops at the ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(attempts, 30_000, 3_600_000))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    expect(retryDelayMs(12, 30_000, 3_600_000)).toBe(3_600_000);
  });

  it('a server that is down: pending with the error; after a restart, a new sender sends everything once', async () => {
    await settleOutbox();
    const ids = await queue(5, 'restart');
    const before = sender({ smtpUrl: await downSmtpUrl(), retryDelayMs: 200 });
    expect(await before.runOnce()).toEqual({ sent: 0, retried: 5, failed: 0 });
    for (const id of ids) {
      const row = await outboxRow(id);
      expect(row).toMatchObject({ state: 'pending', attempts: 1 });
      expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    await before.stop();

    // The process restarts with a working server: the sender's loop finds the pending messages.
    const smtp = await smtpServer();
    const after = sender({ smtpUrl: smtp.url, pollMs: 50 });
    after.start();
    await until(() => smtp.received.length >= 5);
    await after.stop();
    expect(smtp.received.map((mail) => mail.subject).sort()).toEqual(
      ids.map((_, index) => `restart ${index}`),
    );
    for (const id of ids) expect(await outboxRow(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a message claimed by a sender that died is sent by another once its lease ends', async () => {
    await settleOutbox();
    const [id] = await queue(1, 'lease');
    // A node claims it, then dies before sending.
    expect((await claimDueEmails(db(), 10, 300)).map((email) => email.id)).toEqual([id]);
    const smtp = await smtpServer();
    const survivor = sender({ smtpUrl: smtp.url });
    expect(await survivor.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await until(async () => (await survivor.runOnce()).sent === 1);
    expect(smtp.received).toHaveLength(1);
    expect(await outboxRow(id!)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('two senders at once (two nodes) never send the same message twice', async () => {
    await settleOutbox();
    const ids = await queue(40, 'nodes');
    const smtp = await smtpServer();
    const nodeA = sender({ smtpUrl: smtp.url, batchSize: 5, pollMs: 20 });
    const nodeB = sender({ smtpUrl: smtp.url, batchSize: 5, pollMs: 20 });
    nodeA.start();
    nodeB.start();
    await until(() => smtp.received.length >= 40, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([nodeA.stop(), nodeB.stop()]);
    expect(smtp.received).toHaveLength(40);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(40);
    const states = await db()
      .selectFrom('email_outbox')
      .select(['state', 'attempts'])
      .where('id', 'in', ids)
      .execute();
    expect(states.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
  });
});

describe('without SMTP_URL', () => {
  it('messages stay in the outbox and the log says so, once per batch of new messages', async () => {
    await settleOutbox();
    const log = silentLog();
    const idle = sender({}, log);
    const [first] = await queue(2, 'unsent');
    await idle.runOnce();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^2 email\(s\) not sent, up to outbox id \d+: SMTP_URL is not set/);
    await idle.runOnce();
    expect(log.lines).toHaveLength(1);
    await queue(1, 'unsent-later');
    await idle.runOnce();
    expect(log.lines).toHaveLength(2);
    expect(log.lines[1]).toMatch(/^1 email\(s\) not sent/);
    expect(await outboxRow(first!)).toMatchObject({ state: 'pending', attempts: 0 });
    // The log never holds a body (one-time links) or an address.
    expect(log.lines.join('\n')).not.toMatch(/@|Bonjour/);
  });
});
