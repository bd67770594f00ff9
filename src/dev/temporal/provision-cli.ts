/**
 * `npm run provision`: make sure a Temporal CLI is available (building it with Go into the cache
 * on first use) and print its path, so CI and the first `npm start` don't pay the build later.
 */
import { createLogger } from '../../platform/logger';
import { resolveTemporalCli } from './temporal-cli';

export async function provisionTemporalCli(): Promise<void> {
  const log = createLogger('provision');
  const executable = await resolveTemporalCli({ log });
  if (executable.type === 'existing-path') {
    process.stdout.write(`temporal CLI (${executable.source}): ${executable.path}\n`);
  } else {
    process.stdout.write(
      `no temporal CLI and no Go toolchain: the Temporal SDK will download the CLI into ${executable.downloadDir} on first server start\n`,
    );
  }
}
