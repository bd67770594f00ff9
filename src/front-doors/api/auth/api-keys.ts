import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const API_SCOPES = ['orders:write', 'orders:read', 'orders:cancel'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A configured key, as the API keeps it: the secret only as a SHA-256 digest. */
export interface ApiKey {
  name: string;
  scopes: ReadonlySet<ApiScope>;
  secretDigest: Buffer;
}

export class ApiKeyConfigError extends Error {
  override name = 'ApiKeyConfigError';
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** 128 bits of base64 or hex; a shorter secret could be guessed through the rate limit. */
const MIN_SECRET_LENGTH = 16;

/**
 * ORDEROPS_API_KEYS (`name:secret:scope+scope,...`) or ORDEROPS_API_KEYS_FILE (the same entries,
 * one per line or comma-separated; `#` starts a comment). Errors name the entry, never its secret.
 */
export function loadApiKeys(env: NodeJS.ProcessEnv = process.env): ApiKey[] {
  if (env.ORDEROPS_API_KEYS && env.ORDEROPS_API_KEYS_FILE) {
    throw new ApiKeyConfigError('set ORDEROPS_API_KEYS or ORDEROPS_API_KEYS_FILE, not both');
  }
  if (env.ORDEROPS_API_KEYS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.ORDEROPS_API_KEYS_FILE, 'utf8');
    } catch (err) {
      throw new ApiKeyConfigError(
        `ORDEROPS_API_KEYS_FILE ${env.ORDEROPS_API_KEYS_FILE} cannot be read: ${(err as Error).message}`,
      );
    }
    const entries = text
      .split('\n')
      .map((line) => line.replace(/#.*/, ''))
      .flatMap((line) => line.split(','));
    return parseApiKeys(entries, 'ORDEROPS_API_KEYS_FILE');
  }
  return parseApiKeys((env.ORDEROPS_API_KEYS ?? '').split(','), 'ORDEROPS_API_KEYS');
}

export function parseApiKeys(entries: readonly string[], source: string): ApiKey[] {
  const keys: ApiKey[] = [];
  const nonEmpty = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  nonEmpty.forEach((entry, index) => {
    const where = `${source} entry ${index + 1}`;
    const [name = '', secret = '', ...scopeParts] = entry.split(':');
    if (!NAME.test(name))
      throw new ApiKeyConfigError(
        `${where}: the name must be 1-64 of A-Z a-z 0-9 . _ - (format name:secret:scope+scope)`,
      );
    const named = `${where} (${name})`;
    if (secret.length < MIN_SECRET_LENGTH)
      throw new ApiKeyConfigError(`${named}: the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    const scopes = scopeParts
      .join(':')
      .split('+')
      .filter((scope) => scope !== '');
    if (scopes.length === 0)
      throw new ApiKeyConfigError(`${named}: no scopes; give some of ${API_SCOPES.join(', ')} joined by +`);
    const unknown = scopes.filter((scope) => !(API_SCOPES as readonly string[]).includes(scope));
    if (unknown.length > 0)
      throw new ApiKeyConfigError(`${named}: unknown scope ${unknown.join(', ')}; known: ${API_SCOPES.join(', ')}`);
    if (keys.some((key) => key.name === name)) throw new ApiKeyConfigError(`${named}: the name is used twice`);
    keys.push({ name, scopes: new Set(scopes as ApiScope[]), secretDigest: digest(secret) });
  });
  return keys;
}

/**
 * The key whose secret this is, if any. Every key is compared (in constant time, on digests of equal
 * length), so neither the time taken nor the answer tells which key, or which part, was close.
 */
export function findKey(keys: readonly ApiKey[], presentedSecret: string): ApiKey | undefined {
  const presented = digest(presentedSecret);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.secretDigest, presented) && !found) found = key;
  return found;
}

function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
