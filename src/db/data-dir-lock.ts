// PGlite has no lock of its own: two processes on one data folder would corrupt it. We keep a lock file
// holding the owner's pid next to the folder, and refuse to open when a live process holds it.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors.js';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
        throw new AppError(
          'DATABASE_LOCKED',
          `The embedded database folder ${path.resolve(dataDir)} is already used by process ${owner}. ` +
            'Stop that process first, or set DATA_DIR to another folder, or DATABASE_URL to a PostgreSQL server.',
        );
      }
      // A stale lock left by a process that died: take it over.
      fs.unlinkSync(lockPath);
    }
  }
  throw new AppError('DATABASE_LOCKED', `Could not lock ${path.resolve(dataDir)}.`);
}
