import fs from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

export interface CpuShares {
  /** CPU used per component over the window, in % of one core (200 = two cores busy). */
  byComponent: Record<string, number | null>;
  /** All cores together, in % of one core, from /proc/stat: includes whatever else this host runs. */
  machine: number | null;
  /** machine minus the components: other tenants of a shared host. */
  unaccounted: number | null;
}

/**
 * The window every scenario reads, started now: the Temporal server, the I/O and CPU workers, and
 * this process (the load generator and the partner simulator).
 */
export function startStackCpuWindow(
  temporalPid: number | undefined,
  workers: { io?: { pid?: number }; cpu?: { pid?: number } },
): CpuWindow {
  return new CpuWindow({
    temporal: temporalPid,
    ioWorker: workers.io?.pid,
    cpuWorker: workers.cpu?.pid,
    loadAndPartners: process.pid,
  }).start();
}

/**
 * CPU per process between start() and stop(), read from /proc (Linux only; null elsewhere). It
 * says where a saturated machine spends its cores: Temporal, the workers, or the load and partners.
 */
export class CpuWindow {
  private readonly startTicks = new Map<string, number | null>();
  private startMachine: number | null = null;
  private startedAt = 0;

  constructor(private readonly components: Record<string, number | undefined>) {}

  start(): this {
    for (const [name, pid] of Object.entries(this.components)) this.startTicks.set(name, processTicks(pid));
    this.startMachine = machineBusyTicks();
    this.startedAt = performance.now();
    return this;
  }

  stop(): CpuShares {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const share = (ticks: number): number => Math.round((ticks / TICKS_PER_SECOND / seconds) * 1000) / 10;
    const byComponent: Record<string, number | null> = {};
    let accounted = 0;
    for (const [name, pid] of Object.entries(this.components)) {
      const before = this.startTicks.get(name);
      const after = processTicks(pid);
      byComponent[name] = before === null || before === undefined || after === null ? null : share(after - before);
      accounted += byComponent[name] ?? 0;
    }
    const machineNow = machineBusyTicks();
    const machine = this.startMachine === null || machineNow === null ? null : share(machineNow - this.startMachine);
    return { byComponent, machine, unaccounted: machine === null ? null : Math.round((machine - accounted) * 10) / 10 };
  }
}

function processTicks(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its closing ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** CPU ticks the whole machine spent busy since boot (/proc/stat), or null where there is no /proc. */
export function machineBusyTicks(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return null;
  }
}

/** Pids of the Temporal dev servers this process launched (none when it uses TEMPORAL_ADDRESS). */
export function devServerPids(): number[] {
  try {
    const parents = new Map<number, { ppid: number; name: string }>();
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parents.set(Number(entry), { ppid, name });
      } catch {
        // The process ended while we looked.
      }
    }
    const descendsFromUs = (pid: number): boolean => {
      for (
        let current = parents.get(pid), hops = 0;
        current && hops < 10;
        current = parents.get(current.ppid), hops++
      ) {
        if (current.ppid === process.pid) return true;
      }
      return false;
    };
    return [...parents].filter(([pid, info]) => info.name === 'temporal' && descendsFromUs(pid)).map(([pid]) => pid);
  } catch {
    return [];
  }
}
