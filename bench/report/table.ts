import type { BenchResults } from './results';
import { SUMMARY_KEYS } from './summary';

/** The run at a glance: one line per scenario, then every summary figure against its target. */
export function formatTable(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `OrderOps benchmark (${results.profile}) ${results.generatedAt}`,
    `${machine.cpuCount} x ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.atStart} -> ${machine.loadAverage.atEnd}`,
    `Temporal ${results.temporal.address} (${results.temporal.persistence}${Object.keys(results.temporal.dynamicConfig).length > 0 ? `, ${JSON.stringify(results.temporal.dynamicConfig)}` : ''}), ${Math.round(results.durationMs / 1000)} s in all`,
    '',
    row(['scenario', 'status', 'time', 'headline'], [12, 8, 7]),
  ];
  for (const [name, outcome] of Object.entries(results.scenarios)) {
    if (!outcome) continue;
    const time = 'durationMs' in outcome ? `${Math.round(outcome.durationMs / 1000)} s` : '-';
    const headline =
      outcome.status === 'ok' ? (outcome.headline ?? '') : outcome.status === 'failed' ? outcome.error : outcome.reason;
    lines.push(row([name, outcome.status, time, headline], [12, 8, 7]));
  }
  lines.push('', row(['summary figure', 'value', 'target', 'met'], [32, 10, 40]));
  for (const key of SUMMARY_KEYS) {
    const value = results.summary[key];
    const target = results.targets[key];
    const met = target?.met === null || target === undefined ? '-' : target.met ? 'yes' : 'NO';
    lines.push(row([key, value === null ? 'null' : String(value), target?.target ?? '', met], [32, 10, 40]));
  }
  const notes = Object.entries(results.summaryNotes);
  if (notes.length > 0) lines.push('', ...notes.map(([key, note]) => `  ${key}: ${note}`));
  return lines.join('\n');
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, index) => (index < widths.length ? cell.padEnd(widths[index] as number) : cell)).join(' ');
}
