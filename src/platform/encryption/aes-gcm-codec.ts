import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import type { EncryptionKeyring } from './encryption-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key that encrypted a payload, so any listed key can decrypt it after rotation. */
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

/**
 * AES-256-GCM over the whole serialized payload (data and metadata), so the server, its database and
 * anyone reading a history see only the encoding and the key id. A fresh random IV per payload; the
 * GCM tag makes a tampered or wrongly keyed payload fail loudly instead of decoding to garbage.
 * Wire format of `data`: IV (12 bytes) | ciphertext | tag (16 bytes).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: EncryptionKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (encodingOf(payload) === ENCRYPTED_ENCODING ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, key, iv);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [ENCRYPTION_KEY_ID_METADATA]: Buffer.from(id),
      },
      data,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = Buffer.from(payload.metadata?.[ENCRYPTION_KEY_ID_METADATA] ?? []).toString();
    const entry = this.keys.byId.get(keyId);
    if (!entry)
      throw new PayloadDecryptionError(
        `payload encrypted with key "${keyId}", which ORDEROPS_ENCRYPTION_KEYS does not list`,
      );
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") is truncated`);
    const decipher = createDecipheriv(CIPHER, entry.key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `payload does not decrypt with key "${keyId}" (altered, or a different key under that id)`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

function encodingOf(payload: Payload): string | undefined {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding ? Buffer.from(encoding).toString() : undefined;
}
