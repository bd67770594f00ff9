import fs from 'node:fs';
import path from 'node:path';
import type { FaultCounts } from './audit';

export interface FaultReportRow extends FaultCounts {
  fault: string;
  /** The Core error line reproduced in test/faults/eviction: counted, not a failure, as long as every order comes out right. */
  knownSdkEvictionLines: number;
  /** Seconds from the end of the fault (restart done, chaos lifted) until the batch's last order closed. */
  recoverSeconds: number;
  rejectedBy: Record<string, number>;
  /** The API's answers to the batch's cancellations, by status code. */
  cancelAnswers: Record<string, number>;
  /** What the fault did and observed beyond the counts (exit codes, evictions). */
  notes: string[];
  problems: string[];
}

export interface FaultReport {
  generatedAt: string;
  batchSize: number;
  durationSeconds: number;
  rows: FaultReportRow[];
}

export const REPORT_FILE = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'faults-report.json');

export function writeReport(report: FaultReport): void {
  fs.mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
}

/** One line per fault, the way docs/reliability.md shows it. */
export function formatReport(report: FaultReport): string {
  const header = [
    'fault',
    'sent',
    'completed',
    'rejected',
    'cancelled',
    'lost',
    'doubled',
    'held',
    'stuck',
    'SDK-bug lines',
    'known SDK eviction lines',
    'recover s',
  ];
  const lines = report.rows.map((r) =>
    [
      r.fault,
      r.sent,
      r.completed,
      r.rejected,
      r.cancelled,
      r.lost,
      r.doubled,
      r.held,
      r.stuck,
      r.sdkBugLines,
      r.knownSdkEvictionLines,
      r.recoverSeconds.toFixed(1),
    ].join(' | '),
  );
  const details = report.rows.flatMap((r) => [
    `  ${r.fault}: rejected by ${
      Object.entries(r.rejectedBy)
        .map(([type, n]) => `${type} ${n}`)
        .join(', ') || 'nothing'
    }`,
    ...r.notes.map((n) => `  ${r.fault}: ${n}`),
    ...r.problems.slice(0, 5).map((p) => `  ${r.fault}: PROBLEM ${p}`),
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l} |`),
    '',
    ...details,
  ].join('\n');
}
