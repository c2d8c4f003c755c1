import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time over a measured window, per process and for the whole machine (issue #20, section 2:
 * CPU per message). Read from /proc, so Linux only; elsewhere the figures are left out.
 */

/** Clock ticks per second of /proc's counters (`getconf CLK_TCK`, 100 nearly everywhere). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuSnapshot {
  /** utime+stime per pid, in ticks (undefined: the process could not be read). */
  procs: (number | undefined)[];
  /** The bench process itself, µs of user+system (finer than /proc's ticks). */
  harnessUs: number;
  /** All CPUs' non-idle jiffies (/proc/stat's first line). */
  machine: number | undefined;
}

export interface CpuPerReply {
  /** Each bot process (gateway or peer), ms of CPU per reply; `bot` is their sum. */
  bot_per_process: number[];
  bot: number;
  redis: number;
  /** The load generator and fake Bot API (this process). */
  harness: number;
  /** Everything on the machine, these and whatever else ran meanwhile. */
  machine: number;
  window_s: number;
  replies: number;
}

function procTicks(pid: number): number | undefined {
  try {
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  } catch {
    return undefined;
  }
}

function machineTicks(): number | undefined {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal (guest time is already inside user): all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
    return user! + nice! + system! + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(pids: number[]): CpuSnapshot {
  const u = process.cpuUsage();
  return { procs: pids.map(procTicks), harnessUs: u.user + u.system, machine: machineTicks() };
}

/** ms of CPU per reply between two snapshots of the same pids (`bots` first, then Redis). */
export function cpuPerReply(start: CpuSnapshot, end: CpuSnapshot, bots: number, replies: number, windowMs: number): CpuPerReply | undefined {
  const ms = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? NaN : ((b - a) * 1000) / TICKS);
  const per = (cpuMs: number) => Number((cpuMs / replies).toFixed(4));
  if (replies <= 0 || start.machine === undefined) return undefined;
  const procMs = start.procs.map((t, i) => ms(t, end.procs[i]));
  const botMs = procMs.slice(0, bots);
  return {
    bot_per_process: botMs.map(per),
    bot: per(botMs.reduce((a, b) => a + b, 0)),
    redis: per(procMs[bots] ?? NaN),
    harness: per((end.harnessUs - start.harnessUs) / 1000),
    machine: per(ms(start.machine, end.machine)),
    window_s: Number((windowMs / 1000).toFixed(2)),
    replies,
  };
}

/** The pid of a redis-server, from its own INFO (the bench's server is started by a test helper that does not expose it). */
export async function redisPid(client: { info(section: string): Promise<string> }): Promise<number | undefined> {
  const m = /process_id:(\d+)/.exec(await client.info('server'));
  return m ? Number(m[1]) : undefined;
}
