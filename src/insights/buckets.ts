/**
 * Time buckets and fixed histograms for the owner's insights. Buckets are named by the shop's
 * local day (`2026-12-07`) or hour (`2026-12-07T14`) in `hours.timezone`; histograms count values
 * into fixed bounds, so days and instances add up (a median of medians would not).
 */

/** Upper bounds (seconds) of the wait histograms; one more slot counts everything above the last. */
export const WAIT_BOUNDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400] as const;

/** The histogram slot of a wait of `seconds`. */
export function slotOf(seconds: number): number {
  const i = WAIT_BOUNDS.findIndex((bound) => seconds <= bound);
  return i === -1 ? WAIT_BOUNDS.length : i;
}

/** A quantile of a fixed histogram, as the upper bound of the slot it falls in (a wait "at most this"); undefined when empty. */
export function quantile(counts: readonly number[], q: number): number | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return WAIT_BOUNDS[Math.min(i, WAIT_BOUNDS.length - 1)];
  }
  return WAIT_BOUNDS[WAIT_BOUNDS.length - 1];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per time zone, the last minute asked and its bucket: Intl costs microseconds, and every buyer turn asks. */
const lastBucket = new Map<string, { minute: number; bucket: LocalBucket }>();

export interface LocalBucket {
  readonly day: string;
  readonly hour: string;
}

/**
 * The shop-local day and hour of an instant. Remembered per UTC minute: every time zone's offset and
 * every daylight-saving change is a whole number of minutes since 1972 (some are :30 or :45, so
 * not per hour).
 */
export function localBucket(at: Date, timeZone: string): LocalBucket {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastBucket.get(timeZone);
  if (last && last.minute === minute) return last.bucket;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const bucket = Object.freeze({ day, hour: `${day}T${parts.hour}` });
  if (Number.isFinite(minute)) lastBucket.set(timeZone, { minute, bucket });
  return bucket;
}

/** Days from `from` to `to` inclusive (YYYY-MM-DD), calendar arithmetic only. */
export function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  for (let t = start; t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The day `n` days before `day`. */
export function dayMinus(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** The 24 hour buckets of a day. */
export function hoursOf(day: string): string[] {
  return Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}`);
}
