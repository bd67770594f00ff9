/**
 * ORDEROPS_ENCRYPTION_KEYS: `keyId:base64,keyId:base64,...`, each key 32 random bytes (AES-256).
 * The first key encrypts; every key listed decrypts, so a new key goes first and the old ones stay
 * listed until no open order or kept history still needs them.
 */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface EncryptionKeyring {
  /** The key new payloads are encrypted with. */
  current: EncryptionKey;
  /** Every key that may have encrypted a stored payload, by id. */
  byId: ReadonlyMap<string, EncryptionKey>;
}

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

/** Undefined when the variable is unset or empty: payloads then travel as plain JSON. */
export function parseEncryptionKeys(value: string | undefined): EncryptionKeyring | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const keys = value.split(',').map((entry, index) => parseEntry(entry.trim(), index + 1));
  const byId = new Map<string, EncryptionKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new EncryptionKeyError(`ORDEROPS_ENCRYPTION_KEYS lists key id "${key.id}" twice`);
    byId.set(key.id, key);
  }
  return { current: keys[0] as EncryptionKey, byId };
}

// Errors name the entry's position and id, never its key material.
function parseEntry(entry: string, position: number): EncryptionKey {
  const separator = entry.indexOf(':');
  if (separator <= 0)
    throw new EncryptionKeyError(`ORDEROPS_ENCRYPTION_KEYS entry ${position} is not keyId:base64-key`);
  const id = entry.slice(0, separator);
  if (!KEY_ID.test(id))
    throw new EncryptionKeyError(
      `ORDEROPS_ENCRYPTION_KEYS entry ${position}: key id must be 1-64 of A-Z a-z 0-9 . _ -`,
    );
  const encoded = entry.slice(separator + 1);
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `ORDEROPS_ENCRYPTION_KEYS key "${id}" is not ${KEY_BYTES} bytes of base64 (make one with: openssl rand -base64 32)`,
    );
  }
  return { id, key };
}
