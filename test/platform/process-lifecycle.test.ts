import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ManagedChild } from '../../src/dev/stack/managed-child';

const fixtures = path.join(__dirname, 'fixtures');
const log = pino({ level: 'silent' });

function runFixture(name: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(fixtures, name)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await sleep(50);
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('shutdown helper', () => {
  it('runs cleanups newest first on SIGTERM and exits 0', async () => {
    const { child, output } = runFixture('shutdown-order.ts');
    await until(() => output().includes('ready'));
    const exited = exitOf(child);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    const text = output();
    expect(text.indexOf('cleanup registered second')).toBeLessThan(text.indexOf('cleanup registered first'));
  });

  it('forces the exit on a second signal while a cleanup hangs', async () => {
    const { child, output } = runFixture('shutdown-order.ts', { HANG: '1' });
    await until(() => output().includes('ready'));
    const exited = exitOf(child);
    child.kill('SIGINT');
    await until(() => output().includes('cleanup registered second'));
    // A repeat inside the duplicate window is the same Ctrl-C relayed, not a request to force.
    child.kill('SIGINT');
    await sleep(1_200);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(output()).toContain('forcing exit');
  });
});

describe('stack children', () => {
  it('stop by themselves when the stack is SIGKILLed', async () => {
    const { child: parent, output } = runFixture('stack-parent.ts');
    await until(() => output().includes('sleeping'));
    const pids = JSON.parse(
      output()
        .split('\n')
        .find((line) => line.startsWith('{"parent"')) ?? '{}',
    ) as { child: number };
    expect(isAlive(pids.child)).toBe(true);
    parent.kill('SIGKILL');
    await until(() => !isAlive(pids.child), 10_000);
  });

  it('are SIGKILLed when they ignore SIGTERM past the grace period', async () => {
    const child = new ManagedChild({
      name: 'stubborn',
      entry: path.join(fixtures, 'sleeper.ts'),
      env: { ...process.env, IGNORE_SIGTERM: '1' },
      log,
    });
    let output = '';
    child.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes('sleeping'));
    await child.stop(500);
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(output).toContain('ignoring SIGTERM');
  });
});
