import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A lock file holding the owner's pid, so two processes that both find the Temporal CLI missing
 * don't both spend minutes building it. A lock whose owner died is taken over; so is an empty one
 * older than a few seconds (its owner died between creating and writing it).
 */
export interface FileLock {
  release(): void;
}

export interface AcquireLockOptions {
  pollMs?: number;
  /** Called while another live process holds the lock, with its pid and how long we have waited. */
  onWait?: (holderPid: number | undefined, waitedMs: number) => void;
}

const EMPTY_LOCK_GRACE_MS = 5_000;

export async function acquireFileLock(lockPath: string, options: AcquireLockOptions = {}): Promise<FileLock> {
  const pollMs = options.pollMs ?? 1_000;
  const startedAt = Date.now();
  for (;;) {
    if (tryCreateLock(lockPath)) return { release: () => releaseLock(lockPath) };
    const holder = readLockHolder(lockPath);
    if (holder.stale) {
      removeIfUnchanged(lockPath, holder.content);
      continue;
    }
    options.onWait?.(holder.pid, Date.now() - startedAt);
    await sleep(pollMs);
  }
}

function tryCreateLock(lockPath: string): boolean {
  try {
    const fd = fs.openSync(lockPath, 'wx');
    try {
      fs.writeSync(fd, String(process.pid));
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

interface LockHolder {
  pid: number | undefined;
  content: string | undefined;
  stale: boolean;
}

function readLockHolder(lockPath: string): LockHolder {
  let content: string;
  let ageMs: number;
  try {
    content = fs.readFileSync(lockPath, 'utf8').trim();
    ageMs = Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch (error) {
    // Released between our create attempt and this read: just try again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pid: undefined, content: undefined, stale: false };
    throw error;
  }
  const pid = Number.parseInt(content, 10);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: undefined, content, stale: ageMs > EMPTY_LOCK_GRACE_MS };
  return { pid, content, stale: !isProcessAlive(pid) };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Re-reads before unlinking so we don't remove a fresh lock another waiter just took over. */
function removeIfUnchanged(lockPath: string, expectedContent: string | undefined): void {
  try {
    if (fs.readFileSync(lockPath, 'utf8').trim() === expectedContent) fs.unlinkSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function releaseLock(lockPath: string): void {
  try {
    if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
