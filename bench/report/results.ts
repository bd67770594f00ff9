import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioName, ScenarioReport, Profile } from '../scenarios/scenario';
import type { HostActivity } from './host-activity';
import type { MachineInfo } from './machine';
import { SUMMARY_KEYS, SUMMARY_SOURCES, TARGETS, type Summary, type SummaryKey } from './summary';

/** What else the host was doing while a scenario ran; `busyAttempt`: the attempt thrown away because the host was busy. */
export interface ScenarioHost extends HostActivity {
  busyAttempt?: HostActivity & { headline?: string; error?: string };
}

export type ScenarioOutcome =
  | ({ status: 'ok'; title: string; durationMs: number; host?: ScenarioHost } & Omit<
      ScenarioReport,
      'summary' | 'summaryNotes'
    >)
  | { status: 'failed'; title: string; durationMs: number; error: string; host?: ScenarioHost }
  | { status: 'skipped'; title: string; reason: string };

export interface BenchResults {
  schemaVersion: 1;
  generatedAt: string;
  profile: Profile;
  durationMs: number;
  machine: MachineInfo;
  /** The whole run: load average before and after, and the other processes' CPU meanwhile. */
  host?: HostActivity;
  temporal: { address: string; persistence: string; dynamicConfig: Record<string, unknown> };
  /** Exactly the keys in SUMMARY_KEYS; null where a figure could not be measured (see summaryNotes). */
  summary: Summary;
  /** Why a figure is null, or what qualifies it. */
  summaryNotes: Partial<Record<SummaryKey, string>>;
  targets: Partial<Record<SummaryKey, { target: string; met: boolean | null }>>;
  scenarios: Partial<Record<ScenarioName, ScenarioOutcome>>;
}

export interface ScenarioRecord {
  name: ScenarioName;
  outcome: ScenarioOutcome;
  report?: ScenarioReport;
}

/** The flat summary: each figure from the scenario that measures it, or null with the reason. */
export function buildSummary(
  records: readonly ScenarioRecord[],
): Pick<BenchResults, 'summary' | 'summaryNotes' | 'targets'> {
  const summary = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, null])) as Summary;
  const summaryNotes: Partial<Record<SummaryKey, string>> = {};
  for (const key of SUMMARY_KEYS) {
    const source = SUMMARY_SOURCES[key];
    const record = records.find((candidate) => candidate.name === source);
    const value = record?.report?.summary[key];
    if (typeof value === 'number' && Number.isFinite(value)) summary[key] = value;
    const note = record?.report?.summaryNotes?.[key] ?? missingReason(source, record, value);
    if (note) summaryNotes[key] = note;
  }
  const targets: BenchResults['targets'] = {};
  for (const key of SUMMARY_KEYS) {
    const target = TARGETS[key];
    if (!target) continue;
    const value = summary[key];
    targets[key] = { target: target.target, met: value === null ? null : target.met(value, summary) };
  }
  return { summary, summaryNotes, targets };
}

function missingReason(source: string, record: ScenarioRecord | undefined, value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (!record) return `scenario ${source} was not run`;
  if (record.outcome.status === 'failed') return `scenario ${source} failed: ${record.outcome.error}`;
  if (record.outcome.status === 'skipped') return `scenario ${source} was skipped: ${record.outcome.reason}`;
  return `scenario ${source} produced no value`;
}

export function writeResults(file: string, results: BenchResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
