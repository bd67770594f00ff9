import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { projectRoot } from '../shared/config';
import type { Logger } from '../shared/logger';
import { absoluteEntry, CLI_ENTRY } from './components';

const APPLY_TIMEOUT_MS = 60_000;

/**
 * Step "apply schedules": `orderops schedules apply` creates or updates the `partner-sync`
 * Schedule, so a fresh stack starts syncing partner data without anyone running the CLI. Skipped
 * quietly when the CLI (or its `schedules` command) does not exist yet; a failure is reported but
 * does not stop the stack, which still takes orders without the background sync.
 */
export async function applySchedules({ env, log }: { env: NodeJS.ProcessEnv; log: Logger }): Promise<void> {
  const entry = absoluteEntry(CLI_ENTRY);
  if (!fs.existsSync(entry)) {
    log.debug({ entry }, 'no CLI yet: skipping schedules apply');
    return;
  }
  const { code, output } = await runToCompletion(entry, ['schedules', 'apply'], env);
  if (code === 0) {
    log.info({ output: lastLines(output) }, 'schedules applied');
    // A brand-new schedule would first fire at the next quarter hour; sync once now so the first
    // orders already plan from the store instead of asking every partner.
    if (/"outcome":\s*"created"/.test(output)) {
      const trigger = await runToCompletion(entry, ['schedules', 'trigger'], env);
      log.info({ exitCode: trigger.code, output: lastLines(trigger.output) }, 'first partner sync triggered');
    }
    return;
  }
  if (/unknown command|unknown option/i.test(output)) {
    log.debug('the CLI has no `schedules apply` yet: skipping');
    return;
  }
  log.error({ exitCode: code, output: lastLines(output) }, 'schedules apply failed: partner sync is not scheduled');
}

function lastLines(output: string): string[] {
  return output.trim().split('\n').filter(Boolean).slice(-20);
}

function runToCompletion(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: projectRoot(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), APPLY_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
