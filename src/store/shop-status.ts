import { z } from 'zod';

/**
 * The status an owner set by hand, shared by every instance. Business hours are not stored:
 * they come from the shop config and are combined with this at read time.
 */
export const ShopStatusSchema = z.object({
  mode: z.enum(['online', 'busy', 'away']),
  /** The owner's own words, included verbatim in the auto-reply. */
  message: z.string().max(1000).optional(),
  /** ISO time the status ends by itself. */
  until: z.iso.datetime({ offset: true }).optional(),
  setAt: z.iso.datetime({ offset: true }),
  /** Who set it: an agent name, `cli`, or `<channel>:<user id>`. */
  setBy: z.string(),
});
export type ShopStatus = z.infer<typeof ShopStatusSchema>;

export function parseShopStatus(raw: string | null | undefined): ShopStatus | undefined {
  if (raw == null) return undefined;
  try {
    const parsed = ShopStatusSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When an owner's status ends, from what they typed: an ISO time, "HH:MM" (today, or tomorrow if
 * already past, in the shop's zone), or a duration like "30m", "2h", "1d". Undefined if unreadable.
 */
export function parseUntil(input: string, now: Date, timezone = 'UTC'): Date | undefined {
  const text = input.trim();
  const duration = /^(\d{1,4})\s*(m|min|h|d)$/i.exec(text);
  if (duration) {
    const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2]!.toLowerCase() as 'm' | 'min' | 'h' | 'd'];
    return new Date(now.getTime() + Number(duration[1]) * unit);
  }
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (clock) {
    // Wall-clock time in the shop's zone: find the offset by formatting `now` there.
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
        .formatToParts(now)
        .map((p) => [p.type, p.value]),
    );
    const localNow = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    const offset = localNow - Math.floor(now.getTime() / 60_000) * 60_000;
    let at = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(clock[1]), Number(clock[2])) - offset;
    if (at <= now.getTime()) at += 86_400_000;
    return new Date(at);
  }
  const iso = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(iso.getTime()) ? iso : undefined;
}
