// A real SMTP server on a random local port for mail tests (smtp-server), keeping what it received,
// parsed by mailparser. It can refuse every message (451, a temporary failure) to exercise retries.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const SMTP_USER = 'catalogue';
export const SMTP_PASSWORD = 'mot-de-passe-smtp';

export interface TestSmtp {
  /** smtp://user:pass@127.0.0.1:port, as SMTP_URL. */
  url: string;
  received: ParsedMail[];
  /** MAIL FROM commands seen: one per delivery attempt. */
  attempts: number;
  /** Refuse every message from now on (or accept again). */
  refuse: boolean;
  close(): Promise<void>;
}

export async function startTestSmtp(options: { refuse?: boolean } = {}): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    received: [],
    attempts: 0,
    refuse: options.refuse ?? false,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no certificate to trust, AUTH allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD)
        return callback(null, { user: SMTP_USER });
      callback(new Error('Invalid username or password'));
    },
    onMailFrom(_address, _session, callback) {
      state.attempts += 1;
      if (!state.refuse) return callback();
      callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          state.received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`;
  return state;
}

/** An SMTP URL where nothing listens (a server that is down). */
export async function downSmtpUrl(): Promise<string> {
  const smtp = await startTestSmtp();
  await smtp.close();
  return smtp.url;
}
