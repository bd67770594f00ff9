import { readdirSync } from 'node:fs';

/** The file name of a scenario's history recorded with the highest workflow version, e.g. `processOrder.happy-path.v2.json`. */
export function latestHistoryOf(dir: string, workflowType: string, scenario: string): string {
  const pattern = new RegExp(`^${workflowType}\\.${scenario}\\.v(\\d+)\\.json$`);
  const versions = readdirSync(dir).flatMap((name) => {
    const version = pattern.exec(name)?.[1];
    return version === undefined ? [] : [{ name, version: Number(version) }];
  });
  const latest = versions.sort((a, b) => b.version - a.version)[0];
  if (!latest)
    throw new Error(
      `no ${workflowType}.${scenario}.v<N>.json in ${dir}: run \`npm run histories:capture -- --scenario ${scenario}\``,
    );
  return latest.name;
}
