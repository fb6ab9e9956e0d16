// CPU time of a process and all its descendants, read from /proc (Linux). Benchmarks report CPU-ms per
// unit of work beside wall-clock numbers, a figure that depends far less on how busy the machine is.
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture Node supports.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  parent: number;
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after its last ")".
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ppid(4) … utime(14) stime(15) — indices shifted by 3.
    return { pid, parent: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // the process ended between listing and reading
  }
}

/** Milliseconds of CPU (user + system) used so far by `rootPid` and every live descendant. */
export function processTreeCpuMs(rootPid: number): number {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  let ticks = 0;
  const pending = stats.filter((stat) => stat.pid === rootPid);
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    ticks += stat.cpuTicks;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

export interface CpuMeter {
  /** CPU-ms each named process tree (and this process, as `bench`) used since the meter started. */
  read(): Record<string, number>;
}

/** Starts measuring the named process trees and this process. */
export function startCpuMeter(processes: Record<string, number | undefined>): CpuMeter {
  const named = Object.entries(processes).filter((entry): entry is [string, number] => entry[1] !== undefined);
  const before = new Map(named.map(([name, pid]) => [name, processTreeCpuMs(pid)]));
  const selfBefore = process.cpuUsage();
  return {
    read() {
      const used: Record<string, number> = {};
      for (const [name, pid] of named) used[name] = processTreeCpuMs(pid) - (before.get(name) ?? 0);
      const self = process.cpuUsage(selfBefore);
      used.bench = (self.user + self.system) / 1000;
      return used;
    },
  };
}

/** "worker 120.3 · temporal 60.1 · bench 30.2 = 210.6 CPU-ms per turn" */
export function formatCpuPerUnit(used: Record<string, number>, units: number, unit: string): string {
  const parts = Object.entries(used).map(([name, ms]) => `${name} ${(ms / units).toFixed(1)}`);
  const total = Object.values(used).reduce((sum, ms) => sum + ms, 0) / units;
  return `${parts.join(' · ')} = ${total.toFixed(1)} CPU-ms per ${unit}`;
}
