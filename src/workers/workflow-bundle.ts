import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleOption } from '@temporalio/worker';
import { projectRoot } from '../platform/config';
import { WORKFLOW_INTERCEPTOR_MODULES } from './worker-telemetry';

/** Written by `npm run build` (and so in the Docker image); the SDK inlines the source map. */
export const PREBUILT_WORKFLOW_BUNDLE = path.join(projectRoot(), 'dist', 'workflow-bundle.js');

let bundle: Promise<WorkflowBundleOption> | undefined;

/**
 * The workflow code for Temporal's deterministic sandbox. A compiled process (`dist/`) loads the
 * bundle `npm run build` wrote beside it, built from the same sources in the same step. A process
 * running the TypeScript sources (tests, `npm start`, the bench) always bundles them, once per
 * process: a prebuilt file there could be older than the code being edited, and would run it silently.
 */
export function workflowBundle(prebuilt?: string): Promise<WorkflowBundleOption> {
  if (prebuilt !== undefined) return Promise.resolve(prebuiltBundle(prebuilt));
  bundle ??=
    runningCompiled() && existsSync(PREBUILT_WORKFLOW_BUNDLE)
      ? Promise.resolve({ codePath: PREBUILT_WORKFLOW_BUNDLE })
      : bundleFromSources();
  return bundle;
}

/**
 * A bundle named by ORDEROPS_WORKFLOW_BUNDLE: whoever set it wrote it from the sources it means to
 * run (the bench does so at its start). Webpack then never runs in the worker, whose memory stays
 * what a deployed worker's is.
 */
function prebuiltBundle(file: string): WorkflowBundleOption {
  const codePath = path.resolve(file);
  if (!existsSync(codePath))
    throw new Error(`ORDEROPS_WORKFLOW_BUNDLE: no workflow bundle at ${codePath} (write one with \`npm run build\`)`);
  return { codePath };
}

/** `npm run build`: bundles the workflow sources into {@link PREBUILT_WORKFLOW_BUNDLE}. */
export async function writeWorkflowBundle(file = PREBUILT_WORKFLOW_BUNDLE): Promise<string> {
  const { code } = await bundleFromSources();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}

function bundleFromSources() {
  return bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'workflows'),
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
    logger: quietBundlerLogger,
  });
}

function runningCompiled(): boolean {
  return path.extname(__filename) === '.js';
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
