import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** CFS period: short, so a capped process is held back in slices of a few ms, not a tenth of a second. */
const PERIOD_US = 10_000;

/**
 * Cap a process at `cores` CPUs with a Linux cgroup (v2, or v1's cpu controller; needs root).
 * "Two processes scale when there are cores for them" can then be measured on a machine with
 * too few: each gateway process gets its own fixed share, as if on its own core, while the load
 * generator and Redis use the rest. Returns the cleanup, to call once the process has exited.
 */
export function capCpu(pid: number, cores: number): () => void {
  if (!(cores > 0)) throw new Error(`--cpu-quota must be a positive number of cores, got ${cores}`);
  const quota = Math.max(1000, Math.round(cores * PERIOD_US));
  const name = `shopdesk-bench-${pid}`;
  let dir: string;
  try {
    if (existsSync('/sys/fs/cgroup/cgroup.controllers')) {
      // cgroup v2: the cpu controller must be enabled for the root's children.
      if (!readFileSync('/sys/fs/cgroup/cgroup.subtree_control', 'utf8').includes('cpu')) writeFileSync('/sys/fs/cgroup/cgroup.subtree_control', '+cpu');
      dir = join('/sys/fs/cgroup', name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
    } else {
      dir = join('/sys/fs/cgroup/cpu', name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    }
    writeFileSync(join(dir, 'cgroup.procs'), String(pid)); // the whole process, every thread
  } catch (err) {
    throw new Error(`--cpu-quota needs root and a cgroup cpu controller (/sys/fs/cgroup): ${(err as Error).message}`);
  }
  return () => {
    try {
      rmdirSync(dir);
    } catch {
      // still busy or already gone: an empty cgroup left behind costs nothing
    }
  };
}
