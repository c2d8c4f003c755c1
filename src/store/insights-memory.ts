import { defaultInsightsOptions, mergeBoards, type InsightsStore, type InsightsStoreOptions } from './insights-types.js';

/** The insights in this process (no REDIS_URL): one instance, lost on restart, same bounds and expiry. */
export function createMemoryInsightsStore(options: InsightsStoreOptions = defaultInsightsOptions, clock: () => number = Date.now): InsightsStore {
  const buckets = new Map<string, Map<string, number>>();
  const marks = new Map<string, Set<string>>();
  const boards = new Map<string, Map<string, number>>();
  const expires = new Map<string, number>();
  let writes = 0;
  const touch = (key: string) => expires.set(key, clock() + options.ttlSeconds * 1000);
  /** Drop what expired, now and then (a scan of a few thousand keys at most). */
  function sweep(): void {
    const now = clock();
    for (const [key, at] of expires) {
      if (at > now) continue;
      expires.delete(key);
      buckets.delete(key);
      marks.delete(key);
      boards.delete(key);
    }
  }
  const live = (key: string) => (expires.get(key) ?? 0) > clock();
  return {
    kind: 'memory',
    async record(w) {
      if (++writes % 1000 === 0) sweep();
      const add = (fields: Record<string, number>) => {
        for (const b of w.buckets) {
          const key = `b:${b}`;
          const row = buckets.get(key) ?? new Map<string, number>();
          for (const [f, v] of Object.entries(fields)) row.set(f, (row.get(f) ?? 0) + v);
          buckets.set(key, row);
        }
      };
      for (const b of w.buckets) if (!live(`b:${b}`)) buckets.delete(`b:${b}`);
      for (const b of w.buckets) touch(`b:${b}`);
      add(w.add);
      for (const o of w.once ?? []) {
        const key = `m:${o.mark}:${w.day}`;
        const set = (live(key) && marks.get(key)) || new Set<string>();
        marks.set(key, set);
        touch(key);
        if (set.has(o.member)) continue;
        set.add(o.member);
        add(o.add);
      }
      for (const t of w.top ?? []) {
        const key = `t:${t.board}:${w.day}`;
        const board = (live(key) && boards.get(key)) || new Map<string, number>();
        boards.set(key, board);
        touch(key);
        board.set(t.member, (board.get(t.member) ?? 0) + 1);
        if (board.size > options.boardMax) {
          const lowest = [...board].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
          board.delete(lowest[0]);
        }
      }
    },
    async read({ buckets: ids, days, topLimit }) {
      const out: Record<string, Record<string, number>> = {};
      for (const b of ids) {
        const row = live(`b:${b}`) ? buckets.get(`b:${b}`) : undefined;
        if (row) out[b] = Object.fromEntries(row);
      }
      const board = (name: string) => mergeBoards(days.map((d) => (live(`t:${name}:${d}`) ? [...(boards.get(`t:${name}:${d}`) ?? [])] : [])), topLimit);
      return { buckets: out, top: { faq: board('faq'), unanswered: board('unanswered') } };
    },
    async close() {},
  };
}
