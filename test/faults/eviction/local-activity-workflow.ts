import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

interface ReproActivities {
  lookUp(step: number): Promise<number>;
  callPartner(step: number): Promise<number>;
}

const local = proxyLocalActivities<ReproActivities>({ startToCloseTimeout: '10s' });
const remote = proxyActivities<ReproActivities>({ startToCloseTimeout: '30s' });

/**
 * The shape of processOrder that matters here, without any of its business: a local activity
 * (planFulfilment) followed by parallel activities, repeated. No finally, no catch, no update.
 */
export async function localThenRemote(rounds: number): Promise<number> {
  let total = 0;
  for (let round = 0; round < rounds; round += 1) {
    total += await local.lookUp(round);
    const results = await Promise.all([
      remote.callPartner(round),
      remote.callPartner(round + 1),
      local.lookUp(round + 2),
    ]);
    total += results.reduce((sum, value) => sum + value, 0);
  }
  return total;
}

/** The same workflow with ordinary activities only: the control, which never logs the error. */
export async function remoteOnly(rounds: number): Promise<number> {
  let total = 0;
  for (let round = 0; round < rounds; round += 1) {
    total += await remote.callPartner(round);
    const results = await Promise.all([
      remote.callPartner(round),
      remote.callPartner(round + 1),
      remote.callPartner(round + 2),
    ]);
    total += results.reduce((sum, value) => sum + value, 0);
  }
  return total;
}
