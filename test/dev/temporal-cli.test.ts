import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedTemporalCliPath, orderopsCacheDir, resolveTemporalCli } from '../../src/dev/temporal/temporal-cli';

const log = pino({ level: 'silent' });
const quiet = (): void => undefined;

let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-cli-'));
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeExecutable(file: string, script = '#!/bin/sh\nexit 0\n'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

/** An environment with nothing on PATH and a private cache, so the machine's own CLI never leaks in. */
function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: tmp, PATH: path.join(tmp, 'empty-bin'), ORDEROPS_CACHE_DIR: path.join(tmp, 'cache'), ...extra };
}

describe('resolveTemporalCli', () => {
  it('uses ORDEROPS_TEMPORAL_CLI before anything else', async () => {
    const explicit = writeExecutable(path.join(tmp, 'custom', 'my-temporal'));
    writeExecutable(path.join(tmp, 'bin', 'temporal'));
    const env = isolatedEnv({ ORDEROPS_TEMPORAL_CLI: explicit, PATH: path.join(tmp, 'bin') });
    await expect(resolveTemporalCli({ log, env })).resolves.toEqual({
      type: 'existing-path',
      path: explicit,
      source: 'env',
    });
  });

  it('refuses an ORDEROPS_TEMPORAL_CLI that is not an executable file', async () => {
    const env = isolatedEnv({ ORDEROPS_TEMPORAL_CLI: path.join(tmp, 'missing') });
    await expect(resolveTemporalCli({ log, env })).rejects.toThrow(
      /ORDEROPS_TEMPORAL_CLI=.*missing is not an executable file/,
    );
  });

  it('finds `temporal` on PATH', async () => {
    const onPath = writeExecutable(path.join(tmp, 'bin', 'temporal'));
    const env = isolatedEnv({ PATH: [path.join(tmp, 'nothing-here'), path.join(tmp, 'bin')].join(path.delimiter) });
    await expect(resolveTemporalCli({ log, env })).resolves.toEqual({
      type: 'existing-path',
      path: onPath,
      source: 'path',
    });
  });

  it('ignores a non-executable `temporal` on PATH and uses the cache', async () => {
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.writeFileSync(path.join(tmp, 'bin', 'temporal'), 'not executable', { mode: 0o644 });
    const env = isolatedEnv({ PATH: path.join(tmp, 'bin') });
    const cached = writeExecutable(cachedTemporalCliPath(env));
    await expect(resolveTemporalCli({ log, env })).resolves.toEqual({
      type: 'existing-path',
      path: cached,
      source: 'cache',
    });
  });

  it('keeps the cached binary at temporal-cli/v1.5.1/temporal under the project cache', () => {
    expect(cachedTemporalCliPath({ ORDEROPS_CACHE_DIR: '/c' })).toBe(
      path.join('/c', 'temporal-cli', 'v1.5.1', 'temporal'),
    );
  });

  it('picks the cache dir from ORDEROPS_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(orderopsCacheDir({ ORDEROPS_CACHE_DIR: '/a', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(path.resolve('/a'));
    expect(orderopsCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(path.join('/x', 'orderops'));
    expect(orderopsCacheDir({ HOME: '/h' })).toBe(path.join('/h', '.cache', 'orderops'));
  });

  it('falls back to the SDK download when there is no CLI and no Go', async () => {
    const env = isolatedEnv();
    const resolved = await resolveTemporalCli({ log, env, progress: quiet });
    expect(resolved).toEqual({
      type: 'cached-download',
      downloadDir: path.join(tmp, 'cache', 'temporal-cli', 'sdk-download'),
    });
  });
});

describe('building the CLI with Go', () => {
  /**
   * A stand-in `go` that behaves like `go install`: it writes the binary into $GOBIN after a short
   * delay and records each invocation, so the lock and the atomic rename can be observed.
   */
  function fakeGo(behaviour: 'succeed' | 'fail'): { bin: string; invocations: string } {
    const bin = path.join(tmp, 'go-bin');
    const invocations = path.join(tmp, 'go-invocations');
    const body =
      behaviour === 'succeed'
        ? 'sleep 1\nprintf "#!/bin/sh\\necho fake temporal\\n" > "$GOBIN/temporal"\nchmod +x "$GOBIN/temporal"\n'
        : 'echo "go: module lookup disabled" >&2\nexit 1\n';
    // Its own PATH only: the PATH under test holds nothing but this fake.
    writeExecutable(path.join(bin, 'go'), `#!/bin/sh\nPATH=/usr/bin:/bin\necho "$*" >> "${invocations}"\n${body}`);
    return { bin, invocations };
  }

  it('builds into the cache once, even when two processes ask at the same time', async () => {
    const go = fakeGo('succeed');
    const env = isolatedEnv({ PATH: go.bin });
    const lines: string[] = [];
    const progress = (line: string): void => void lines.push(line);

    const [first, second] = await Promise.all([
      resolveTemporalCli({ log, env, progress }),
      resolveTemporalCli({ log, env, progress }),
    ]);

    const target = cachedTemporalCliPath(env);
    expect(first).toEqual({ type: 'existing-path', path: target, source: 'go-build' });
    expect(second).toEqual(first);
    expect(fs.readFileSync(go.invocations, 'utf8').trim().split('\n')).toEqual([
      'install -trimpath -ldflags=-s -w github.com/temporalio/cli/cmd/temporal@v1.5.1',
    ]);
    expect(
      lines.some((line) => line.startsWith('building the Temporal CLI v1.5.1 with Go, first time takes a few minutes')),
    ).toBe(true);
    // No scratch folder or lock is left next to the binary.
    expect(fs.readdirSync(path.dirname(target))).toEqual(['temporal']);
  });

  it('reports a failed build with Go output and leaves no binary behind', async () => {
    const go = fakeGo('fail');
    const env = isolatedEnv({ PATH: go.bin });
    await expect(resolveTemporalCli({ log, env, progress: quiet })).rejects.toThrow(
      /exited with code 1:\n.*module lookup disabled/,
    );
    expect(fs.readdirSync(path.dirname(cachedTemporalCliPath(env)))).toEqual([]);
  });

  it('takes over a lock left by a process that died', async () => {
    const go = fakeGo('succeed');
    const env = isolatedEnv({ PATH: go.bin });
    const target = cachedTemporalCliPath(env);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // A pid far above pid_max: certainly not alive.
    fs.writeFileSync(`${target}.lock`, '99999999');
    fs.mkdirSync(path.join(path.dirname(target), '.build-abandoned'));

    await expect(resolveTemporalCli({ log, env, progress: quiet })).resolves.toMatchObject({
      path: target,
      source: 'go-build',
    });
    expect(fs.readdirSync(path.dirname(target))).toEqual(['temporal']);
  });
});
