// Sends the email outbox over SMTP from the app process. The outbox table is the queue: use cases
// queue messages in their own transaction (notifications.repository.ts), and this sender claims due
// ones in batches, sends them, and marks each sent, due again later (exponential back-off), or failed
// after the last attempt. Nothing lives only in memory, so a restart loses nothing.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  claimDueEmails,
  markEmailAttemptFailed,
  markEmailSent,
  pendingEmailsAfter,
} from './mail.repository.js';

export interface MailLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface MailSenderOptions {
  /** smtp://user:pass@host:587 or smtps://…; without it nothing is sent and the log says so. */
  smtpUrl?: string | undefined;
  /** PUBLIC_URL: its host names the sender (default From, Message-IDs). */
  publicUrl: string;
  /** The From header (MAIL_FROM); default "Catalogue chèque ressources <ne-pas-repondre@host>". */
  from?: string | undefined;
  log: MailLog;
  batchSize?: number;
  /** How often the queue is looked at when the last batch was not full. */
  pollMs?: number;
  /** Attempts before a message is failed for good. */
  maxAttempts?: number;
  /** Delay after the first failed attempt; it doubles with each further one, up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** How long a claimed message is left to this sender before another may try it. Longer than the
   *  SMTP timeouts below, so a message is never sent by two nodes at once. */
  leaseMs?: number;
}

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: retryDelay · 2^(attempts−1), capped. */
export function retryDelayMs(attempts: number, retryDelay: number, maxRetryDelay: number): number {
  return Math.min(maxRetryDelay, retryDelay * 2 ** Math.max(0, attempts - 1));
}

export interface BatchResult {
  sent: number;
  retried: number;
  failed: number;
}

export class MailSender {
  private readonly transport: Transporter | undefined;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelay: number;
  private readonly maxRetryDelay: number;
  private readonly leaseMs: number;
  private readonly from: string;
  private readonly host: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Pending messages up to this id were already reported as not sent (no SMTP_URL). */
  private reportedUpTo = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: MailSenderOptions,
  ) {
    this.batchSize = options.batchSize ?? 20;
    this.pollMs = options.pollMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.retryDelay = options.retryDelayMs ?? 30_000;
    this.maxRetryDelay = options.maxRetryDelayMs ?? 3_600_000;
    this.leaseMs = options.leaseMs ?? 180_000;
    this.host = new URL(options.publicUrl).hostname;
    this.from = options.from ?? `Catalogue chèque ressources <ne-pas-repondre@${this.host}>`;
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          // A stalled server must fail the attempt well within the lease (the defaults reach 10 min).
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        })
      : undefined;
  }

  /** Looks at the queue now, then every pollMs (at once again while batches come full). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight; what is left stays pending for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport?.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((result) => result.sent + result.retried + result.failed >= this.batchSize)
        .catch((error: unknown) => {
          this.options.log.warn(`Email sender: ${errorText(error)}`);
          return false;
        })
        .then((full) => this.schedule(full ? 0 : this.pollMs));
    }, delayMs);
    // The sender never keeps the process alive on its own (the HTTP server does).
    this.timer.unref();
  }

  /** One batch: claims due messages and tries each once. Without SMTP, reports new pending ones. */
  async runOnce(): Promise<BatchResult> {
    const result: BatchResult = { sent: 0, retried: 0, failed: 0 };
    if (!this.transport) {
      const pending = await pendingEmailsAfter(this.db, this.reportedUpTo);
      if (pending.count > 0) {
        this.options.log.warn(
          `${pending.count} email(s) not sent, up to outbox id ${pending.lastId}: SMTP_URL is not set, ` +
            'they stay in the outbox.',
        );
      }
      this.reportedUpTo = pending.lastId;
      return result;
    }
    const claimed = await claimDueEmails(this.db, this.batchSize, this.leaseMs);
    for (const email of claimed) {
      try {
        await this.transport.sendMail({
          from: this.from,
          to: email.to_email,
          subject: email.subject,
          text: email.body,
          // One stable id per outbox message: a receiver can tell a rare resend (see the lease) apart.
          messageId: `<outbox-${email.id}@${this.host}>`,
        });
        await markEmailSent(this.db, email.id, email.attempts);
        result.sent += 1;
      } catch (error) {
        const last = email.attempts >= this.maxAttempts;
        const retryIn = last ? null : retryDelayMs(email.attempts, this.retryDelay, this.maxRetryDelay);
        await markEmailAttemptFailed(this.db, email.id, email.attempts, errorText(error), retryIn);
        // The address and the body stay out of the log: bodies hold one-time links.
        this.options.log.warn(
          last
            ? `Email ${email.id} failed after ${email.attempts} attempts: ${errorText(error)}`
            : `Email ${email.id} not sent (attempt ${email.attempts}), retry in ${Math.round(retryIn! / 1000)} s: ${errorText(error)}`,
        );
        if (last) result.failed += 1;
        else result.retried += 1;
      }
    }
    return result;
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
