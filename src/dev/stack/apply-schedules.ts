import type { OrderOpsConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { connectClient } from '../../platform/temporal-connection';
import { applySchedule } from '../../partner-data/schedule/apply-schedule';
import { partnerSyncSchedule } from '../../partner-data/schedule/partner-sync-schedule';
import { triggerSchedule } from '../../partner-data/schedule/schedule-operations';

/**
 * Creates or updates the `partner-sync` Schedule, so a fresh stack syncs partner data without
 * anyone running the CLI. A failure is reported but does not stop the stack: it still takes
 * orders, which then ask the partners directly.
 */
export async function applySchedules({
  env,
  config,
  log,
}: {
  env: NodeJS.ProcessEnv;
  config: OrderOpsConfig;
  log: Logger;
}): Promise<void> {
  const { client, connection } = await connectClient({ env, log });
  try {
    const declared = partnerSyncSchedule({ taskQueues: config.taskQueues });
    const outcome = await applySchedule(client, declared);
    log.info({ scheduleId: declared.scheduleId, outcome }, 'schedule applied');
    // A new Schedule first fires at the next quarter hour; sync once now so the first orders
    // already plan from the store instead of asking every partner.
    if (outcome === 'created') {
      await triggerSchedule(client, declared.scheduleId);
      log.info({ scheduleId: declared.scheduleId }, 'first partner sync triggered');
    }
  } catch (err) {
    log.error({ err }, 'schedule apply failed: the partner sync is not scheduled');
  } finally {
    await connection.close();
  }
}
