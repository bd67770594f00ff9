import { ORDER_SCENARIOS, UNSYNCED_STORE_ORDER_SCENARIOS } from './order-scenarios';
import { PARTNER_SYNC_SCENARIOS } from './partner-sync-scenarios';
import type { CaptureScenario } from './scenario';

export type { CaptureScenario, RecordedRun } from './scenario';

/**
 * Every scenario `orderops histories capture` knows, in the order it runs them: those that need a
 * store never synced come before anything syncs it.
 */
export const CAPTURE_SCENARIOS: readonly CaptureScenario[] = [
  ...UNSYNCED_STORE_ORDER_SCENARIOS,
  ...PARTNER_SYNC_SCENARIOS,
  ...ORDER_SCENARIOS,
];

/** The named scenarios (in the order above, whatever order they were named in), or all of them. */
export function selectScenarios(names: readonly string[]): CaptureScenario[] {
  const unknown = names.filter((name) => !CAPTURE_SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0)
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; known: ${CAPTURE_SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  return CAPTURE_SCENARIOS.filter((scenario) => names.length === 0 || names.includes(scenario.name));
}
