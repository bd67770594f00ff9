import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  availableParallelism: number;
  memoryGb: number;
  node: string;
  os: string;
  /** 1-minute load averages when the run began and ended: how busy the host's other tenants were. */
  loadAverage: { atStart: number; atEnd: number | null };
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    loadAverage: { atStart: round2(os.loadavg()[0] ?? 0), atEnd: null },
  };
}

export function currentLoadAverage(): number {
  return round2(os.loadavg()[0] ?? 0);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
