import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../src/platform/config';
import { WORKER_SIZING } from '../../src/workers/sizing';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../src/contracts/search-attributes';
import { TEMPORAL_SERVER_VERSION, TEMPORAL_UI_SERVER_VERSION } from '../../src/dev/cluster/binaries';
import { CLUSTER_DYNAMIC_CONFIG } from '../../src/dev/cluster/temporal-config';

interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number; resources?: { limits?: { cpus?: string; memory?: string } } };
  stop_grace_period?: string;
  stop_signal?: string;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

function composeFile(): {
  services: Record<string, ComposeService>;
  configs: Record<string, { content: string }>;
  volumes: Record<string, unknown>;
} {
  return parse(fs.readFileSync(path.join(projectRoot(), 'docker-compose.yml'), 'utf8'), { merge: true });
}

function seconds(duration: string | undefined): number {
  const match = /^(\d+)s$/.exec(duration ?? '');
  if (!match) throw new Error(`not a duration in seconds: ${duration}`);
  return Number(match[1]);
}

describe('docker-compose.yml: the cluster topology `npm run cluster` runs, as a deployment', () => {
  const { services, configs, volumes } = composeFile();

  it('runs the Temporal server (the version the cluster builds) on PostgreSQL with a volume, schemas set up first', () => {
    expect(services.postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(volumes).toHaveProperty('postgres-data');
    expect(services.postgres?.healthcheck).toBeDefined();
    expect(services.temporal?.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`);
    expect(services.temporal?.environment?.DB).toBe('postgres12');
    expect(services.temporal?.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    const schemaScript = String(services['temporal-schema']?.command);
    expect(schemaScript).toContain('setup-schema -v 0.0');
    expect(schemaScript).toContain('update-schema --schema-name "postgresql/v12/$$schema"');
    expect(services['temporal-ui']?.image).toBe(`temporalio/ui:${TEMPORAL_UI_SERVER_VERSION.replace(/^v/, '')}`);
  });

  it("registers every search attribute the code defines, and the cluster's dynamic config", () => {
    const setupScript = String(services['temporal-setup']?.command);
    const registered = Object.fromEntries(
      [...setupScript.matchAll(/\b([A-Z][A-Za-z]+)=(Keyword|Int|Double|Bool|Datetime|KeywordList|Text)\b/g)].map(
        (m) => [m[1], m[2]],
      ),
    );
    expect(registered).toEqual(SEARCH_ATTRIBUTE_REGISTRATIONS);
    const dynamicConfig = parse(configs['temporal-dynamic-config']?.content ?? '') as Record<
      string,
      { value: unknown }[]
    >;
    expect(Object.fromEntries(Object.entries(dynamicConfig).map(([key, [first]]) => [key, first?.value]))).toEqual(
      CLUSTER_DYNAMIC_CONFIG,
    );
  });

  it('runs two replicas of each worker kind, every I/O worker on the one PostgreSQL partner store', () => {
    for (const name of ['worker-io', 'worker-cpu']) expect(services[name]?.deploy?.replicas).toBe(2);
    expect(services['worker-io']?.environment?.ORDEROPS_STORE_URL).toMatch(
      /^postgres:\/\/orderops:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/orderops$/,
    );
    expect(services['worker-io']?.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('gives every worker a stop grace period beyond its shutdown grace, and every long-running service a health check', () => {
    expect(seconds(services['worker-io']?.stop_grace_period)).toBeGreaterThan(WORKER_SIZING.io.shutdownGraceSeconds);
    expect(seconds(services['worker-cpu']?.stop_grace_period)).toBeGreaterThan(WORKER_SIZING.cpu.shutdownGraceSeconds);
    for (const [name, service] of Object.entries(services)) {
      if (['temporal-schema', 'temporal-setup'].includes(name)) continue;
      expect(service.healthcheck, `${name} has a health check`).toBeDefined();
      expect(service.stop_grace_period, `${name} has a stop grace period`).toBeDefined();
    }
  });

  it('gives the CPU workers one core per scoring thread', () => {
    const cpu = services['worker-cpu'];
    expect(Number(cpu?.deploy?.resources?.limits?.cpus)).toBe(Number(cpu?.environment?.ORDEROPS_SCORING_THREADS));
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
    const services = (
      parse(read('docker-compose.yml'), { merge: true }) as {
        services: Record<string, { environment?: Record<string, string> }>;
      }
    ).services;
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

describe('the README sizing table (src/workers/sizing.ts is the one source)', () => {
  const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
  const number = (pattern: RegExp): number => {
    const match = readme.match(pattern);
    if (!match?.[1]) throw new Error(`README.md has no sizing entry matching ${pattern}`);
    return Number(match[1].replaceAll(',', ''));
  };

  it('states the slots, cache and heaps the sizing declares', () => {
    expect(number(/`ORDEROPS_IO_ACTIVITY_SLOTS`=([\d,]+)/)).toBe(WORKER_SIZING.io.activitySlots);
    expect(number(/`ORDEROPS_IO_WORKFLOW_SLOTS`=([\d,]+)/)).toBe(WORKER_SIZING.io.workflowSlots);
    expect(number(/`ORDEROPS_IO_CACHED_WORKFLOWS`=([\d,]+)/)).toBe(WORKER_SIZING.io.cachedWorkflows);
    expect(number(/\| I\/O worker, `partner-io` \|[^\n]*?\| (\d+) MB \|/)).toBe(WORKER_SIZING.io.heapMb);
    expect(number(/(\d+) MB main \+ \d+ MB per thread/)).toBe(WORKER_SIZING.cpu.heapMb);
    expect(number(/\d+ MB main \+ (\d+) MB per thread/)).toBe(WORKER_SIZING.cpu.threadHeapMb);
  });
});
