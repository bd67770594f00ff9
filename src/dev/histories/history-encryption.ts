import { parseEncryptionKeys, type EncryptionKeyring } from '../../platform/encryption/encryption-keys';

/**
 * The key the committed encrypted histories were recorded with. It protects nothing (the histories
 * hold sample orders) and is committed on purpose, so the replay suite proves that encrypted
 * histories replay. Never use it outside development.
 */
export const HISTORY_ENCRYPTION_KEYS = 'histories-dev:JJe/4/ln9Cg7VGEU7yNU2KM8rQpasqNXZ/Q1jaBnGG0=';

/**
 * What replay decrypts with: ORDEROPS_ENCRYPTION_KEYS (for histories exported from a real cluster),
 * plus the committed histories' development key.
 */
export function replayKeyring(env: NodeJS.ProcessEnv = process.env): EncryptionKeyring | undefined {
  const configured = env.ORDEROPS_ENCRYPTION_KEYS?.trim();
  return parseEncryptionKeys(configured ? `${configured},${HISTORY_ENCRYPTION_KEYS}` : HISTORY_ENCRYPTION_KEYS);
}
