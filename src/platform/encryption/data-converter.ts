import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec';
import { parseEncryptionKeys, type EncryptionKeyring } from './encryption-keys';

/**
 * The one data converter of every OrderOps client, worker, replay and capture: payloads (order
 * inputs, results, memo, summaries, query and update arguments) are encrypted with AES-256-GCM
 * when keys are configured, plain JSON otherwise. Search attributes are never encrypted (the
 * server indexes them), nor are failure messages (operators read them without the codec server).
 */
export function orderOpsDataConverter(keys: EncryptionKeyring | undefined): DataConverter {
  return keys ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : {};
}

/** The keyring from ORDEROPS_ENCRYPTION_KEYS; undefined when unset. */
export function encryptionKeysFromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionKeyring | undefined {
  return parseEncryptionKeys(env.ORDEROPS_ENCRYPTION_KEYS);
}
