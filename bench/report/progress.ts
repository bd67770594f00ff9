import cliProgress from 'cli-progress';
import type { Progress } from '../scenarios/scenario';

/** One bar per scenario on stderr, so stdout keeps only the table. */
export function scenarioProgressBar(scenario: string, enabled: boolean): Progress & { stop(): void } {
  if (!enabled)
    return { setTotal: () => undefined, tick: () => undefined, note: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${scenario.padEnd(11)} |{bar}| {value}/{total} {duration_formatted} {detail}`,
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { detail: 'starting' });
  return {
    setTotal: (total) => bar.setTotal(Math.max(1, total)),
    tick: (detail, units = 1) => bar.increment(units, detail === undefined ? {} : { detail }),
    note: (detail) => bar.update({ detail }),
    stop: () => {
      bar.update(bar.getTotal(), { detail: 'done' });
      bar.stop();
    },
  };
}
