// Random tokens, their SHA-256 digests and argon2 password hashes. Only digests of session and
// email tokens are stored, so a leaked table gives no usable session or link.
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: fits in a cookie and in a link. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two secrets without leaking how many leading characters match. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** The password hashing the use cases call; tests pass a counting one to see how often argon2 runs. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id with the library defaults (19 MiB, 2 passes): the OWASP baseline. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: (stored, password) => verify(stored, password).catch(() => false),
};

export function hashPassword(password: string, hasher: PasswordHasher = argon2Hasher): Promise<string> {
  return hasher.hash(password);
}

/**
 * A fixed argon2id hash with the same parameters as real ones (m=19456, t=2, p=1), of a password no
 * one types. Fixed, not computed on first use: the first unknown email would otherwise cost a hash
 * and a verification, which timing shows.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$g9c/NPkPZW7jwEOCULXECg$CuR+QnaHWunnJ9xdLVnhz/4cgQSA9nUD7mUDh/LIinA';

/**
 * Verifies a password against a stored hash: exactly one argon2 verification whatever the case.
 * Without a hash (unknown email, invitation not accepted) it verifies against the dummy hash, so
 * timing does not reveal which emails exist.
 */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
  hasher: PasswordHasher = argon2Hasher,
): Promise<boolean> {
  const valid = await hasher.verify(storedHash ?? DUMMY_PASSWORD_HASH, password);
  return storedHash !== null && valid;
}
