import path from 'node:path';
import type { Logger } from '../../platform/logger';
import { findOnPath, orderopsCacheDir, resolveTemporalCli } from '../temporal/temporal-cli';
import { goInstallCached, isExecutable, type GoProgram } from '../go-install';

/**
 * Pinned versions (facts in ../shared/temporal-cluster.md): v1.32.1 is the newest server the
 * machine's Go accepts with a plain `go install`; the CLI the project already provisions
 * (v1.5.1) administers it fine.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.32.1';
export const TEMPORAL_UI_SERVER_VERSION = 'v2.55.0';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** The Temporal CLI: namespace, search attributes, readiness. */
  cli: string;
}

export function clusterPrograms(
  env: NodeJS.ProcessEnv = process.env,
): Record<'server' | 'sqlTool' | 'uiServer', GoProgram> {
  const cache = orderopsCacheDir(env);
  return {
    server: {
      label: `the Temporal server ${TEMPORAL_SERVER_VERSION}`,
      module: `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
      builtName: 'server',
      targetPath: path.join(cache, 'temporal-server', TEMPORAL_SERVER_VERSION, 'temporal-server'),
      buildTime: '4-8 minutes on 2 cores',
    },
    sqlTool: {
      label: `the Temporal SQL schema tool ${TEMPORAL_SERVER_VERSION}`,
      module: `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      builtName: 'sql',
      targetPath: path.join(cache, 'temporal-sql-tool', TEMPORAL_SERVER_VERSION, 'temporal-sql-tool'),
      buildTime: 'a few minutes',
    },
    uiServer: {
      label: `the Temporal Web UI server ${TEMPORAL_UI_SERVER_VERSION}`,
      module: `github.com/temporalio/ui-server/v2/cmd/server@${TEMPORAL_UI_SERVER_VERSION}`,
      builtName: 'server',
      targetPath: path.join(cache, 'temporal-ui-server', TEMPORAL_UI_SERVER_VERSION, 'temporal-ui-server'),
      buildTime: 'a few minutes',
    },
  };
}

/**
 * Every binary the cluster runs, from the cache or built with Go on first use. Built one after the
 * other: the server build alone keeps two cores busy, and the schema tool reuses its build cache.
 */
export async function provisionClusterBinaries(options: {
  log: Logger;
  env?: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
}): Promise<ClusterBinaries> {
  const env = options.env ?? process.env;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const programs = clusterPrograms(env);
  const needsGo = Object.values(programs).some((program) => !isBuilt(program));
  const goPath = findOnPath('go', env);
  if (needsGo && !goPath) {
    throw new Error(
      'the Temporal server is not built yet and no Go toolchain is on PATH: install Go (https://go.dev/dl, 1.26.8 or later), or point TEMPORAL_ADDRESS at an existing cluster',
    );
  }
  const build = (program: GoProgram): Promise<string> =>
    goInstallCached(program, { goPath: goPath ?? 'go', env, progress });
  const server = await build(programs.server);
  const sqlTool = await build(programs.sqlTool);
  const uiServer = await build(programs.uiServer);
  const cli = await resolveTemporalCli({ log: options.log, env, progress });
  if (cli.type !== 'existing-path')
    throw new Error('the cluster needs a Temporal CLI binary (run `npm run provision`)');
  options.log.debug({ server, sqlTool, uiServer, cli: cli.path }, 'cluster binaries ready');
  return { server, sqlTool, uiServer, cli: cli.path };
}

function isBuilt(program: GoProgram): boolean {
  return isExecutable(program.targetPath);
}
