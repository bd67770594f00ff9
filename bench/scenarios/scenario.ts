import type { Logger } from '../../src/platform/logger';
import type { Summary, SummaryKey } from '../report/summary';
import type { BenchStack } from '../stack/bench-stack';

/** smoke: a handful of orders, for the test suite; quick: every scenario in under 3 minutes; full: the committed run. */
export type Profile = 'smoke' | 'quick' | 'full';

export const SCENARIO_NAMES = [
  'fanout',
  'width',
  'baseline',
  'quote-models',
  'throughput',
  'scoring',
  'isolation',
  'memory',
  'persistence',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Progress {
  /** Units of work this scenario will report (orders, steps); may grow as it learns more. */
  setTotal(total: number): void;
  tick(detail?: string, units?: number): void;
  note(detail: string): void;
}

export interface ScenarioContext {
  stack: BenchStack;
  profile: Profile;
  progress: Progress;
  log: Logger;
}

export interface ScenarioReport {
  /** The result in one line, for the table. */
  headline: string;
  /** What the figures were measured under: latencies, counts, concurrency, pool size, persistence. */
  settings: Record<string, unknown>;
  figures: Record<string, unknown>;
  summary: Partial<Summary>;
  /** Why a summary figure is null, or what qualifies it. */
  summaryNotes?: Partial<Record<SummaryKey, string>>;
  notes?: string[];
}

export interface Scenario {
  name: ScenarioName;
  /** One line for the table and the progress bar. */
  title: string;
  run(context: ScenarioContext): Promise<ScenarioReport>;
}

/** Picks the size for the profile being run. */
export function sized<T>(profile: Profile, sizes: Record<Profile, T>): T {
  return sizes[profile];
}
