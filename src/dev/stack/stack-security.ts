import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { localApiKeyFile } from '../../front-doors/client/api-key';

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
