import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devServerExtraArgs } from '../../src/dev/temporal/dev-server';
import { parse } from 'yaml';
import { projectRoot } from '../../src/platform/config';
import { WORKER_SIZING } from '../../src/workers/sizing';

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

describe('worker sizing (src/workers/sizing.ts is the one source)', () => {
  const read = (file: string): string => fs.readFileSync(path.join(projectRoot(), file), 'utf8');

  it('the npm scripts give each worker the heap the sizing declares', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['worker:io']).toContain(`--max-old-space-size=${WORKER_SIZING.io.heapMb} `);
    expect(scripts['worker:cpu']).toContain(`--max-old-space-size=${WORKER_SIZING.cpu.heapMb} `);
  });

  it('docker-compose.yml gives each worker service the declared heap, slots and cache', () => {
    const services = (parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> }).services;
    const envOf = (name: string): Record<string, string> => {
      const service = services[name];
      if (!service?.environment) throw new Error(`docker-compose.yml has no environment for service ${name}`);
      return service.environment;
    };
    const io = envOf('worker-io');
    expect(io.NODE_OPTIONS).toContain(`--max-old-space-size=${WORKER_SIZING.io.heapMb}`);
    expect(Number(io.ORDEROPS_IO_ACTIVITY_SLOTS)).toBe(WORKER_SIZING.io.activitySlots);
    expect(Number(io.ORDEROPS_IO_WORKFLOW_SLOTS)).toBe(WORKER_SIZING.io.workflowSlots);
    expect(Number(io.ORDEROPS_IO_CACHED_WORKFLOWS)).toBe(WORKER_SIZING.io.cachedWorkflows);
    expect(envOf('worker-cpu').NODE_OPTIONS).toContain(`--max-old-space-size=${WORKER_SIZING.cpu.heapMb}`);
  });
});
