import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { Command } from 'commander';
import { applySchedule } from '../../partner-data/schedule/apply-schedule';
import { partnerSyncSchedule } from '../../partner-data/schedule/partner-sync-schedule';
import {
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
} from '../../partner-data/schedule/schedule-operations';
import { loadConfig } from '../../platform/config';
import { PARTNER_SYNC_SCHEDULE_ID } from '../../contracts/workflow-names';

type ConnectTemporal = () => Promise<Client>;

/** `orderops schedules apply | list | describe | trigger | pause | unpause`: the partner sync's Schedule. */
export function registerScheduleCommands(program: Command, connect: ConnectTemporal): void {
  const schedules = program
    .command('schedules')
    .description('the partner-sync Schedule: declared in code, applied idempotently');
  const scheduleId = ['--schedule-id <id>', 'which Schedule', PARTNER_SYNC_SCHEDULE_ID] as const;

  schedules
    .command('apply')
    .description('create the declared Schedule, or update it where it differs; leave it alone if equal')
    .action(async () => {
      const declared = partnerSyncSchedule({ taskQueues: loadConfig().taskQueues });
      const outcome = await applySchedule(await connect(), declared);
      print({
        scheduleId: declared.scheduleId,
        outcome,
        cron: declared.cron,
        timezone: declared.timezone,
        overlap: declared.overlap,
      });
    });

  schedules
    .command('list')
    .description('every Schedule in the namespace')
    .action(async () => print(await listSchedules(await connect())));

  schedules
    .command('describe')
    .description('cron, time zone, policies, running and recent syncs')
    .option(...scheduleId)
    .action(async (flags: { scheduleId: string }) =>
      print(await existing(flags.scheduleId, async () => describeSchedule(await connect(), flags.scheduleId))),
    );

  schedules
    .command('trigger')
    .description("start a sync now, under the Schedule's own overlap policy")
    .option(...scheduleId)
    .action(async (flags: { scheduleId: string }) => {
      const { overlap } = await existing(flags.scheduleId, async () =>
        triggerSchedule(await connect(), flags.scheduleId),
      );
      print({ scheduleId: flags.scheduleId, triggered: true, overlap });
    });

  schedules
    .command('pause')
    .description('stop taking scheduled actions until unpaused')
    .option(...scheduleId)
    .requiredOption('--reason <text>', 'why; shown as the Schedule note')
    .action(async (flags: { scheduleId: string; reason: string }) => {
      await existing(flags.scheduleId, async () => pauseSchedule(await connect(), flags.scheduleId, flags.reason));
      print({ scheduleId: flags.scheduleId, paused: true, note: flags.reason });
    });

  schedules
    .command('unpause')
    .description('resume taking scheduled actions')
    .option(...scheduleId)
    .option('--reason <text>', 'shown as the Schedule note')
    .action(async (flags: { scheduleId: string; reason?: string }) => {
      await existing(flags.scheduleId, async () => unpauseSchedule(await connect(), flags.scheduleId, flags.reason));
      print({ scheduleId: flags.scheduleId, paused: false });
    });
}

/** A Schedule that does not exist yet is named, with the command that creates it (not the server's internal workflow id). */
async function existing<T>(scheduleId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    const hint =
      scheduleId === PARTNER_SYNC_SCHEDULE_ID
        ? 'run `orderops schedules apply` to create it (npm start does)'
        : 'see `orderops schedules list`';
    throw new Error(`there is no Schedule ${scheduleId} in this namespace yet: ${hint}`);
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
