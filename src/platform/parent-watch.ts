import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded (`node --require`) into every process `npm start` launches. Those children run in their
 * own process groups so a terminal Ctrl-C reaches only the stack, which then stops them in order;
 * the price is that nothing kills them if the stack itself is SIGKILLed. This watch closes that gap:
 * once the parent is gone (we get re-parented, so our ppid changes) the process sends itself
 * SIGTERM, which runs its normal graceful shutdown, and exits for sure shortly after.
 */
const POLL_MS = 1_000;
const FORCE_EXIT_AFTER_MS = 15_000;

// Worker threads inherit the preload flags; the process needs only one watch.
if (isMainThread) watchParent();

function watchParent(): void {
  const parentPid = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(watch);
    process.stderr.write(`parent process ${parentPid} is gone: stopping ${process.pid}\n`);
    setTimeout(() => process.exit(1), FORCE_EXIT_AFTER_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  }, POLL_MS);
  // The watch must never be what keeps a finished process alive.
  watch.unref();
}
