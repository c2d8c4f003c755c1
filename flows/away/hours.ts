/** Weekday keys of a weekly schedule, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours: per weekday a list of [from, to] "HH:MM" intervals in `timezone`; holidays are closed all day. */
export interface BusinessHours {
  timezone: string;
  weekly: Partial<Record<Weekday, [string, string][]>>;
  /** Local dates, YYYY-MM-DD. */
  holidays: string[];
}

interface LocalTime {
  date: string; // YYYY-MM-DD
  weekday: Weekday;
  minutes: number; // since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function parts(instant: Date, timezone: string): Record<string, string> {
  return Object.fromEntries(formatter(timezone).formatToParts(instant).map((p) => [p.type, p.value]));
}

/** The wall-clock date, weekday and minute of an instant in a time zone. */
export function localTime(instant: Date, timezone: string): LocalTime {
  const p = parts(instant, timezone);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    weekday: p.weekday!.toLowerCase().slice(0, 3) as Weekday,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instant a local date and "HH:MM" in `timezone` stands for (DST-aware: two passes of offset correction). */
export function zonedInstant(date: string, hhmm: string, timezone: string): Date {
  const wanted = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timezone);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    guess += wanted - shown;
  }
  return new Date(guess);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7]!;
}

function intervalsOn(date: string, hours: BusinessHours): [string, string][] {
  if (hours.holidays.includes(date)) return [];
  return hours.weekly[weekdayOf(date)] ?? [];
}

/** Whether the shop is open at `now`. */
export function isOpen(now: Date, hours: BusinessHours): boolean {
  const local = localTime(now, hours.timezone);
  return intervalsOn(local.date, hours).some(([from, to]) => local.minutes >= toMinutes(from) && local.minutes < toMinutes(to));
}

/** The next opening after `now` within two weeks, or undefined (no opening hours at all). */
export function nextOpening(now: Date, hours: BusinessHours): Date | undefined {
  const today = localTime(now, hours.timezone).date;
  for (let day = 0; day <= 14; day++) {
    const date = addDays(today, day);
    for (const [from] of [...intervalsOn(date, hours)].sort((a, b) => toMinutes(a[0]) - toMinutes(b[0]))) {
      const at = zonedInstant(date, from, hours.timezone);
      if (at.getTime() > now.getTime()) return at;
    }
  }
  return undefined;
}
