import { loadConfig } from '../../platform/config';
import { AesGcmPayloadCodec } from '../../platform/encryption/aes-gcm-codec';
import { createLogger } from '../../platform/logger';
import { onShutdown } from '../../platform/shutdown';
import { isLoopback, LOOPBACK_HOST } from '../api/auth/bind-policy';
import { startCodecServer } from './codec-server';

/**
 * `orderops codec-server`: decrypts payloads for the Web UI on ORDEROPS_CODEC_PORT (8888). With
 * ORDEROPS_CODEC_TOKEN unset it is open to whoever connects, so, like the API without keys, it then
 * listens on loopback only and refuses any other ORDEROPS_CODEC_HOST.
 */
export async function runCodecServer(): Promise<void> {
  const log = createLogger('codec-server');
  const config = loadConfig();
  if (!config.encryption)
    throw new Error(
      'ORDEROPS_ENCRYPTION_KEYS is not set: payloads are not encrypted, so there is nothing for a codec server to do',
    );
  const token = process.env.ORDEROPS_CODEC_TOKEN || undefined;
  const host = codecBindHost(config.codecHost, token !== undefined);
  const server = await startCodecServer({
    codec: new AesGcmPayloadCodec(config.encryption),
    port: config.codecPort,
    host,
    corsOrigin: config.codecCorsOrigin,
    token,
  });
  onShutdown(() => server.close(), { log });
  if (!token)
    log.warn({ host }, 'codec server without ORDEROPS_CODEC_TOKEN: loopback only, anyone on this machine can decode');
  log.info(
    { url: server.url, corsOrigin: config.codecCorsOrigin, keys: [...config.encryption.byId.keys()] },
    `codec server on ${server.url}`,
  );
}

/** Loopback unless asked otherwise; another address only with a token. */
function codecBindHost(requested: string | undefined, tokenSet: boolean): string {
  const host = requested ?? LOOPBACK_HOST;
  if (!tokenSet && !isLoopback(host)) {
    throw new Error(
      `refusing to listen on ${host} without ORDEROPS_CODEC_TOKEN: anyone who can reach it could decrypt every order`,
    );
  }
  return host;
}
