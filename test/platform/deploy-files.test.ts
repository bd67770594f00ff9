import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devServerExtraArgs } from '../../src/platform/dev-server';
import { projectRoot } from '../../src/shared/config';

/** `--flag value` pairs as `--flag=value`, the form docker-compose.yml lists them in. */
function asFlagEqualsValue(args: string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < args.length; i += 2) flags.push(`${args[i]}=${args[i + 1]}`);
  return flags;
}

describe('docker-compose.yml', () => {
  it('starts Temporal with the same search attributes, pragmas and dynamic config as the embedded server', () => {
    const compose = fs.readFileSync(path.join(projectRoot(), 'docker-compose.yml'), 'utf8');
    const composeFlags = [...compose.matchAll(/^\s*- (--(?:search-attribute|sqlite-pragma|dynamic-config-value)=\S+)\s*$/gm)].map((m) => m[1]);
    expect(composeFlags.sort()).toEqual(asFlagEqualsValue(devServerExtraArgs({ persistent: true })).sort());
  });
});
