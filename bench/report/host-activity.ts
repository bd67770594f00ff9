import fs from 'node:fs';
import os from 'node:os';
import { machineBusyTicks } from '../measure/cpu-window';

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every mainstream kernel. */
const TICKS_PER_SECOND = 100;
const TOP_OTHERS = 5;
const COMMAND_CHARS = 60;

/** How busy the host was with work that is not this benchmark, over one window. */
export interface HostActivity {
  loadAverageBefore: number;
  loadAverageAfter: number;
  /** % of one core (200 = both cores of this machine): everything on the host. */
  machineCpuPercent: number | null;
  /** This benchmark process and everything it launched (server, workers), ended children included. */
  benchCpuPercent: number | null;
  /** The rest: other tenants of a shared host. */
  otherProcessesCpuPercent: number | null;
  /**
   * The busiest other processes still running at the end (program and first argument), % of one
   * core. Short-lived ones (a test run, a type check) count in the total above but not here.
   */
  busiestOthers: { command: string; cpuPercent: number }[];
}

interface ProcessSample {
  ppid: number;
  command: string;
  /** utime + stime. */
  ownTicks: number;
  /** cutime + cstime: children that ended and were waited for. */
  endedChildrenTicks: number;
}

interface Snapshot {
  at: number;
  loadAverage: number;
  machineTicks: number | null;
  processes: Map<number, ProcessSample>;
}

/**
 * Watches the host from /proc (Linux; figures are null elsewhere) between start() and stop(): the
 * load average, the whole machine's CPU, and how much of it was not this benchmark. A benchmark on
 * a shared machine is only as good as this record of what else was running.
 */
export class HostWatch {
  private readonly before: Snapshot;

  private constructor() {
    this.before = snapshot();
  }

  static start(): HostWatch {
    return new HostWatch();
  }

  stop(): HostActivity {
    const after = snapshot();
    const seconds = (after.at - this.before.at) / 1000;
    const share = (ticks: number): number =>
      Math.round((ticks / TICKS_PER_SECOND / Math.max(seconds, 0.001)) * 1000) / 10;
    const machine =
      after.machineTicks === null || this.before.machineTicks === null
        ? null
        : after.machineTicks - this.before.machineTicks;
    const ours = treeTicks(after) - treeTicks(this.before);
    const others: { pid: number; command: string; ticks: number }[] = [];
    const oursNow = descendantsOf(after.processes);
    for (const [pid, sample] of after.processes) {
      if (oursNow.has(pid)) continue;
      const earlier = this.before.processes.get(pid);
      // Own time only: a reaped child's whole life lands in its parent's counter at once, window or not.
      const ticks = sample.ownTicks - (earlier && earlier.command === sample.command ? earlier.ownTicks : 0);
      if (ticks > 0) others.push({ pid, command: sample.command, ticks });
    }
    const hasProc = after.processes.size > 0 && machine !== null;
    return {
      loadAverageBefore: this.before.loadAverage,
      loadAverageAfter: after.loadAverage,
      machineCpuPercent: hasProc ? share(machine) : null,
      benchCpuPercent: hasProc ? share(ours) : null,
      otherProcessesCpuPercent: hasProc ? Math.max(0, share(machine - ours)) : null,
      busiestOthers: others
        .sort((a, b) => b.ticks - a.ticks)
        .slice(0, TOP_OTHERS)
        .map(({ pid, command, ticks }) => ({ command: commandLine(pid) ?? command, cpuPercent: share(ticks) })),
    };
  }
}

function snapshot(): Snapshot {
  return {
    at: performance.now(),
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    machineTicks: machineBusyTicks(),
    processes: processes(),
  };
}

/** This process and its live descendants, each with the ticks of its ended children. */
function treeTicks(snap: Snapshot): number {
  let ticks = 0;
  for (const pid of descendantsOf(snap.processes)) {
    const sample = snap.processes.get(pid);
    if (sample) ticks += sample.ownTicks + sample.endedChildrenTicks;
  }
  return ticks;
}

function descendantsOf(all: Map<number, ProcessSample>): Set<number> {
  const ours = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, sample] of all) {
      if (!ours.has(pid) && ours.has(sample.ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return ours;
}

function processes(): Map<number, ProcessSample> {
  const found = new Map<number, ProcessSample>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after its closing ')' are fixed.
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.set(Number(entry), {
        ppid: Number(fields[1]),
        command,
        ownTicks: Number(fields[11]) + Number(fields[12]),
        endedChildrenTicks: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * The program and its first argument, by base name ("node vitest.mjs", "temporal server"): enough to
 * tell a test run from a dev server, and never an option's value (which could be a secret).
 */
function commandLine(pid: number): string | undefined {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const program = args[0]?.split('/').pop();
    const first = args
      .slice(1)
      .find((arg) => !arg.startsWith('-'))
      ?.split('/')
      .pop();
    return program ? [program, first].filter(Boolean).join(' ').slice(0, COMMAND_CHARS) : undefined;
  } catch {
    return undefined;
  }
}
