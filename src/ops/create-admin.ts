// CLI create-admin: the first national administrator of a service that has no demo accounts.
// The password is never an argument (a command line can be read by any user of the machine, and
// stays in shell history): it is typed on a terminal, hidden, or piped on standard input.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createNationalAdmin } from '../modules/accounts/national-admin.service.js';
import type { PasswordRules } from '../modules/accounts/password-rules.js';
import { AppError } from '../shared/errors.js';

/** Reads one line typed on a terminal without echoing it. */
function readHiddenLine(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  prompt: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(prompt);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    let typed: string[] = [];
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(typed.join(''));
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new AppError('VALIDATION_FAILED', 'Cancelled: no account was created.'));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed.push(char);
      }
    };
    input.on('data', onData);
  });
}

/** The first line of a piped standard input (`echo "$PASSWORD" | … create-admin --email …`). */
async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text.split(/\r?\n/, 1)[0] ?? '';
}

export async function readPassword(
  input: NodeJS.ReadableStream & Partial<Pick<NodeJS.ReadStream, 'isTTY'>>,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) return readFirstLine(input);
  const tty = input as NodeJS.ReadStream;
  const password = await readHiddenLine(tty, output, 'Password: ');
  const confirmation = await readHiddenLine(tty, output, 'Password again: ');
  if (password !== confirmation) {
    throw new AppError('VALIDATION_FAILED', 'The two passwords differ: no account was created.');
  }
  return password;
}

export async function createAdmin(
  db: Kysely<Database>,
  options: { email: string; name?: string; input: NodeJS.ReadableStream; rules: PasswordRules },
): Promise<{ userId: number; email: string }> {
  const password = await readPassword(options.input);
  return createNationalAdmin(
    db,
    { email: options.email, password, ...(options.name ? { displayName: options.name } : {}) },
    options.rules,
  );
}
