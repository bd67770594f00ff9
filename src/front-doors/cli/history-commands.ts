import path from 'node:path';
import type { Command } from 'commander';
import { captureHistories } from '../../dev/histories/capture';
import { HISTORIES_DIR, readHistoryFile, readHistoryFiles } from '../../dev/histories/history-files';
import { quietSdkLogs } from '../../dev/local-system/quiet-sdk-logs';
import { replayHistoryFiles } from '../../dev/histories/replay';
import { CAPTURE_SCENARIOS, selectScenarios } from '../../dev/histories/scenarios';
import { workflowBundle } from '../../workers/workflow-bundle';

/** `orderops histories capture | scenarios | replay`: recorded runs for the replay suite. */
export function registerHistoryCommands(program: Command): void {
  const histories = program
    .command('histories')
    .description('record workflow histories from real runs, and replay them against the code');

  histories
    .command('capture')
    .description('run named scenarios on the embedded stack (or TEMPORAL_ADDRESS) and save each history as JSON')
    .option(
      '--scenario <name>',
      'a scenario to run; repeat for more (default: all, see `orderops histories scenarios`)',
      collect,
      [],
    )
    .option('--out <dir>', 'where to write the histories', HISTORIES_DIR)
    .action(async (flags: { scenario: string[]; out: string }) => {
      const scenarios = selectScenarios(flags.scenario);
      const outDir = path.resolve(flags.out);
      process.stderr.write(`capturing ${scenarios.length} scenario(s) into ${outDir}\n`);
      await captureHistories({
        scenarios,
        outDir,
        onCaptured: ({ file, events }) => process.stderr.write(`  ${file} (${events} events)\n`),
      });
    });

  histories
    .command('capture-traced')
    .description(
      'record an order traced end to end, queried and cancelled by update, with encrypted payloads (the OpenTelemetry replay trap)',
    )
    .option('--out <dir>', 'where to write the history', HISTORIES_DIR)
    .action(async (flags: { out: string }) => {
      const { captureTracedHistory } = await import('../../dev/histories/capture-traced');
      const { file, events } = await captureTracedHistory(path.resolve(flags.out));
      process.stderr.write(`  ${file} (${events} events)\n`);
    });

  histories
    .command('scenarios')
    .description('list the scenarios capture can run, and the shape of history each one records')
    .action(() => {
      for (const scenario of CAPTURE_SCENARIOS)
        process.stdout.write(`${scenario.workflowType}.${scenario.name}\n    ${scenario.shape}\n`);
    });

  histories
    .command('replay')
    .description("replay histories against today's workflow code; exits 1 on the first kind of mismatch")
    .argument('[files...]', 'history files (default: every *.json in --dir)')
    .option('--dir <dir>', 'the folder of histories', HISTORIES_DIR)
    .action(async (files: string[], flags: { dir: string }) => {
      const histories =
        files.length > 0
          ? await Promise.all(files.map((file) => readHistoryFile(file)))
          : await readHistoryFiles(path.resolve(flags.dir));
      quietSdkLogs();
      const verdicts = await replayHistoryFiles(histories, { workflowBundle: await workflowBundle() });
      for (const verdict of verdicts)
        process.stdout.write(verdict.failure ? `FAIL ${verdict.failure.explanation}\n` : `ok   ${verdict.file}\n`);
      const failed = verdicts.filter((verdict) => verdict.failure).length;
      if (failed > 0)
        throw new Error(
          `${failed} of ${verdicts.length} histories do not replay against this code (see docs/replay.md)`,
        );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
