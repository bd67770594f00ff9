import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where `npm start` keeps the API key it creates for this machine (mode 0600). */
export function localApiKeyFile(dataDir: string): string {
  return path.join(dataDir, 'api-key');
}

/**
 * The bearer secret an HTTP caller (the CLI, a script) presents to the API: ORDEROPS_API_KEY, else
 * the local key `npm start` created in the data folder, else none (an API without keys, on loopback).
 */
export function resolveApiKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ORDEROPS_API_KEY) return env.ORDEROPS_API_KEY;
  try {
    return readFileSync(localApiKeyFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
