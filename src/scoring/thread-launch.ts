import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ThreadLaunch {
  filename: string;
  /** The process's flags minus those a thread must not get (see threadSafeFlags). */
  execArgv: string[];
}

/**
 * The thread file sits next to this one with the same extension: `.ts` when the repo runs from
 * source, `.js` when compiled to dist. TypeScript threads need tsx's loader. Under the tsx CLI the
 * process flags already carry it, but under vitest they do not, so it is added when missing.
 */
export function scoringThreadLaunch(): ThreadLaunch {
  const extension = path.extname(__filename);
  const filename = path.join(__dirname, `scoring-thread${extension}`);
  const inherited = threadSafeFlags(process.execArgv);
  if (extension !== '.ts') return { filename, execArgv: inherited };
  const tsxLoaderPath = require.resolve('tsx');
  const hasTsx = inherited.some((flag) => flag === 'tsx' || asPath(flag) === tsxLoaderPath);
  // An absolute URL, because a bare `--import tsx` resolves from the working directory, which may be anywhere.
  return { filename, execArgv: hasTsx ? inherited : [...inherited, '--import', pathToFileURL(tsxLoaderPath).href] };
}

function asPath(flag: string): string {
  return flag.startsWith('file:') ? fileURLToPath(flag) : flag;
}

const SCRIPT_FLAGS_WITH_VALUE = new Set(['--eval', '-e', '--print', '-p']);

/**
 * `tsx -e '...'` puts the script itself in execArgv; a thread must not run it again. Heap-size
 * flags such as `--max-old-space-size` belong to the process: Node refuses to start a thread that
 * is given them (a thread's heap is set with piscina's resourceLimits instead).
 */
function threadSafeFlags(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    if (SCRIPT_FLAGS_WITH_VALUE.has(flag)) {
      i++;
      continue;
    }
    if (/^--(eval|print)=/.test(flag)) continue;
    if (/^--max-(old|semi)-space-size(=|$)/.test(flag)) continue;
    kept.push(flag);
  }
  return kept;
}
