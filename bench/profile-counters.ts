/**
 * Reads a V8 CPU profile of the gateway (`node --cpu-prof`, see bench/profile-counters.sh) and
 * prints the share of its CPU spent in the counters: the owners' insights (src/insights/, the
 * insights store) and the operators' Prometheus metrics (src/metrics/, prom-client).
 *
 * Each sample is charged to the nearest frame of the gateway's own code (dist/) or of prom-client
 * on its stack: library and native frames (Intl, JSON, ioredis, node internals) count for the code
 * that called them, so an insights flush's JSON.stringify is the counters' and a turn's is not.
 * "self" is the counters' own frames only; "charged" adds what they called. Garbage collection
 * and samples with no gateway frame (the HTTP parser, socket reads) are shown apart. Start-up
 * (loading modules, connecting) is left out: the count starts at the first sample taken in a
 * channel's normalize.ts (adapters/<channel>/), i.e. with the first buyer messages.
 *
 * usage: npx tsx bench/profile-counters.ts <file.cpuprofile> [--json]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The counters' code, by path inside the built tree or node_modules. */
const COUNTERS = [/\/dist\/src\/insights\//, /\/dist\/src\/store\/insights-[a-z]+\.js$/, /\/dist\/src\/metrics\//, /\/node_modules\/prom-client\//];
const GATEWAY = /\/dist\/(src|adapters|flows)\//;

export interface CounterShares {
  /** Sampled CPU time of the gateway (idle left out), ms. */
  busyMs: number;
  gcShare: number;
  /** Samples with no gateway frame on the stack (HTTP parsing, sockets, timers' internals). */
  unownedShare: number;
  countersSelfShare: number;
  countersChargedShare: number;
  /** The counters' functions, most expensive first: charged ms and share of busy time. */
  functions: { name: string; ms: number; share: number }[];
  /** Where the counters' charged time was spent (the sampled frame itself), most first. */
  leaves: { name: string; ms: number; share: number }[];
}

export function counterShares(profile: Profile): CounterShares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '')}:${f.lineNumber + 1}`;
  const isCounters = (f: CallFrame) => COUNTERS.some((re) => re.test(f.url));
  // Per node: whose it is (the nearest gateway or prom-client frame), computed once per node.
  const owner = new Map<number, ProfileNode | null>();
  const ownerOf = (id: number): ProfileNode | null => {
    const known = owner.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const mine = GATEWAY.test(n.callFrame.url) || isCounters(n.callFrame);
    const p = parent.get(id);
    const o = mine ? n : p === undefined ? null : ownerOf(p);
    owner.set(id, o);
    return o;
  };
  let busy = 0;
  let gc = 0;
  let unowned = 0;
  let self = 0;
  let charged = 0;
  const perFunction = new Map<string, number>();
  const perLeaf = new Map<string, number>();
  const inWebhook = new Map<number, boolean>();
  const underWebhook = (id: number): boolean => {
    const known = inWebhook.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const f = byId.get(id)!.callFrame;
    // A named function of a channel's normalize.ts runs only on a buyer's message (module top levels have no name).
    const yes = (f.functionName !== '' && /\/dist\/adapters\/[a-z]+\/normalize\.js$/.test(f.url)) || (p !== undefined && underWebhook(p));
    inWebhook.set(id, yes);
    return yes;
  };
  const first = Math.max(0, profile.samples.findIndex((id) => underWebhook(id)));
  profile.samples.forEach((id, i) => {
    if (i < first) return;
    // A sample's time is the gap to the next one (the last sample gets none).
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(id)!;
    const name = n.callFrame.functionName;
    if (name === '(idle)') return;
    busy += dt;
    if (name === '(garbage collector)') return void (gc += dt);
    const o = ownerOf(id);
    if (!o) return void (unowned += dt);
    if (!isCounters(o.callFrame)) return;
    charged += dt;
    if (o === n) self += dt;
    const key = label(o.callFrame);
    perFunction.set(key, (perFunction.get(key) ?? 0) + dt);
    const leaf = label(n.callFrame);
    perLeaf.set(leaf, (perLeaf.get(leaf) ?? 0) + dt);
  });
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10, share: share(ms) }));
  const share = (ms: number) => (busy ? ms / busy : 0);
  return {
    busyMs: Math.round(busy),
    gcShare: share(gc),
    unownedShare: share(unowned),
    countersSelfShare: share(self),
    countersChargedShare: share(charged),
    functions: rows(perFunction),
    leaves: rows(perLeaf),
  };
}

const file = process.argv[2];
if (file) {
  const r = counterShares(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r, null, 2));
  } else {
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    console.log(`gateway busy ${r.busyMs} ms sampled; garbage collection ${pct(r.gcShare)}, no gateway frame ${pct(r.unownedShare)}`);
    console.log(`counters: self ${pct(r.countersSelfShare)}, charged (with what they call) ${pct(r.countersChargedShare)} of the gateway's CPU`);
    const show = (f: { name: string; ms: number; share: number }) => console.log(`  ${pct(f.share).padStart(7)}  ${String(f.ms).padStart(8)} ms  ${f.name}`);
    console.log('by counters function (with what it calls):');
    r.functions.slice(0, 15).forEach(show);
    console.log('by sampled frame:');
    r.leaves.slice(0, 15).forEach(show);
  }
}
