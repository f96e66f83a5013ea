import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { openPglite } from './database.js';

const folders: string[] = [];
function freshDataDir(): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ccr-lock-'));
  folders.push(parent);
  return path.join(parent, 'data');
}
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

describe('embedded database folder lock', () => {
  it('refuses a folder held by another live process, with a clear message', async () => {
    const dataDir = freshDataDir();
    const other = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(`${dataDir}.lock`, String(other.pid));
      await expect(openPglite(dataDir)).rejects.toThrow(/already used by process/);
      // Captured rather than asserted in a catch block, so the test fails if nothing is thrown.
      let refusal: unknown;
      try {
        acquireDataDirLock(dataDir);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe('DATABASE_LOCKED');
      // The refusal leaves the other process's lock as it was.
      expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(other.pid));
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const dataDir = freshDataDir();
    fs.writeFileSync(`${dataDir}.lock`, '999999999');
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('lets the next process in once the lock is released', () => {
    const dataDir = freshDataDir();
    acquireDataDirLock(dataDir)();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    const release = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
