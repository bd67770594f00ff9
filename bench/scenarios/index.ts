import { baselineScenario } from './baseline';
import { fanoutScenario } from './fanout';
import { isolationScenario } from './isolation';
import { memoryScenario } from './memory';
import { persistenceScenario } from './persistence';
import { quoteModelsScenario } from './quote-models';
import type { Scenario, ScenarioName } from './scenario';
import { scoringScenario } from './scoring';
import { throughputScenario } from './throughput';
import { widthScenario } from './width';

/** In run order: light-load latency first, then saturation, so a slow scenario cannot disturb a sensitive one. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  fanout: fanoutScenario,
  width: widthScenario,
  baseline: baselineScenario,
  'quote-models': quoteModelsScenario,
  throughput: throughputScenario,
  scoring: scoringScenario,
  isolation: isolationScenario,
  memory: memoryScenario,
  persistence: persistenceScenario,
};
