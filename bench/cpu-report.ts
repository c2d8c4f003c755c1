import type { E2eResult } from './e2e.js';
import { grid, metOrNot } from './paced.js';

/**
 * Issue #20, section 2: CPU per message of the closed-loop runs (64 in flight) and the throughput
 * targets, from whichever of the e2e, scale and peer runs were asked for.
 */
export interface CpuSection {
  runs: { run: string; e2e_rps: number; cpu_ms_per_reply: E2eResult['cpu_ms_per_reply'] }[];
  targets: { target: string; ratio: number; goal: number; met: boolean }[];
}

export function cpuSection(runs: { label: string; r: E2eResult | undefined }[], cpuQuota: number | undefined): { json: CpuSection; text: string } {
  const present = runs.filter((x): x is { label: string; r: E2eResult } => x.r !== undefined);
  const json: CpuSection = { runs: present.map(({ label, r }) => ({ run: label, e2e_rps: r.e2e_rps, cpu_ms_per_reply: r.cpu_ms_per_reply })), targets: [] };
  const f = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(3));
  const rows = [['run', 'replies/s', 'bot process(es)', 'redis-server', 'bench (harness)', 'machine, all', 'window s']];
  for (const { label, r } of present) {
    const c = r.cpu_ms_per_reply;
    const bot = c ? (c.bot_per_process.length > 1 ? `${f(c.bot)} (${c.bot_per_process.map(f).join(' + ')})` : f(c.bot)) : 'n/a';
    rows.push([label, String(r.e2e_rps), bot, f(c?.redis), f(c?.harness), f(c?.machine), c ? String(c.window_s) : 'n/a']);
  }
  const lines = [`  ms of CPU per reply over each measured window (/proc, utime+stime; machine: all non-idle time):\n${grid(rows)}`];
  const [one, two, peer] = runs.map((x) => x.r);
  const target = (name: string, a: number, b: number, goal: number, note = '') => {
    const ratio = Number((a / b).toFixed(2));
    json.targets.push({ target: name, ratio, goal, met: ratio >= goal });
    return [name, `${a} / ${b} = ${ratio.toFixed(2)}x`, `>= ${goal}x`, metOrNot(ratio >= goal) + note];
  };
  const t = [['target', 'replies/s', 'goal', 'verdict']];
  if (one && peer) t.push(target('Shopdesk 1 process / peer', one.e2e_rps, peer.e2e_rps, 1.3), target('  moonshot', one.e2e_rps, peer.e2e_rps, 1.5));
  // The scale target is for processes with a core each; without the cap, 2 processes on 2 cores share them with Redis and the harness.
  if (one && two) t.push(target('2 processes / 1 process', two.e2e_rps, one.e2e_rps, 1.7, cpuQuota === 0.5 ? '' : ' (target set for --cpu-quota 0.5)'));
  if (t.length > 1) lines.push(`  Against #20 section 2's targets:\n${grid(t)}`);
  else lines.push('  no targets: they need e2e with peer, or e2e with scale');
  return { json, text: lines.join('\n') };
}
