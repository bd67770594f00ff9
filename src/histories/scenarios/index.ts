import { ORDER_SCENARIOS } from './order-scenarios';
import { PARTNER_SYNC_SCENARIOS } from './partner-sync-scenarios';
import type { CaptureScenario } from './scenario';

export type { CaptureScenario, RecordedRun } from './scenario';

/**
 * Every scenario `orderops histories capture` knows, in the order it runs them. The sync runs
 * first so the orders plan their fulfilment from a store that has been synced.
 */
export const CAPTURE_SCENARIOS: readonly CaptureScenario[] = [...PARTNER_SYNC_SCENARIOS, ...ORDER_SCENARIOS];

/** The named scenarios, or all of them; an unknown name is refused with the list of known ones. */
export function selectScenarios(names: readonly string[]): CaptureScenario[] {
  if (names.length === 0) return [...CAPTURE_SCENARIOS];
  return names.map((name) => {
    const scenario = CAPTURE_SCENARIOS.find((candidate) => candidate.name === name);
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${CAPTURE_SCENARIOS.map((s) => s.name).join(', ')}`);
    return scenario;
  });
}
