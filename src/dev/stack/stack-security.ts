import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file `npm start` keeps its local API key in; the CLI reads it too (after ORDEROPS_API_KEY). */
export function localApiKeyFile(dataDir: string): string {
  return path.join(dataDir, 'api-key');
}

export const LOCAL_API_KEY_NAME = 'local';

/**
 * The API key `npm start` gives its API when none is configured: created once (32 random bytes,
 * file mode 0600, readable by this user only) and kept, so scripts keep working across restarts.
 * Returns the ORDEROPS_API_KEYS entry for the API.
 */
export function ensureLocalApiKey(dataDir: string): string {
  const file = localApiKeyFile(dataDir);
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
    // A copy left readable by others (an old checkout, a careless cp) is tightened, not trusted as is.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dataDir, { recursive: true });
    secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
  return `${LOCAL_API_KEY_NAME}:${secret}:orders:write+orders:read+orders:cancel`;
}

/** The key a caller of the HTTP API presents: ORDEROPS_API_KEY, else the one `npm start` created. */
export function resolveApiKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ORDEROPS_API_KEY) return env.ORDEROPS_API_KEY;
  try {
    return readFileSync(localApiKeyFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
