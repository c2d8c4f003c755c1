import type { ShopConfig } from '../../src/config/schema.js';
import type { ShopStatus } from '../../src/store/shop-status.js';
import { nextOpening, isOpen, type BusinessHours } from './hours.js';

/** The status in force now: the owner's, while it lasts, else what the business hours say. */
export interface EffectiveStatus {
  mode: 'online' | 'busy' | 'away';
  source: 'owner' | 'hours' | 'default';
  /** The owner's own words, verbatim. */
  message?: string;
  /** When the shop is back (away) or the owner's status ends. */
  until?: Date;
  /** Names this away/busy period, so an auto-reply goes out once per period per conversation. */
  periodId: string;
}

function hoursOf(shop: ShopConfig): BusinessHours | undefined {
  return shop.hours ? { timezone: shop.hours.timezone, weekly: shop.hours.weekly, holidays: shop.hours.holidays } : undefined;
}

/** Combine the owner's status (if set and not expired) with the business hours. */
export function effectiveStatus(owner: ShopStatus | undefined, shop: ShopConfig, now: Date): EffectiveStatus {
  const active = owner && (!owner.until || new Date(owner.until).getTime() > now.getTime()) ? owner : undefined;
  if (active) {
    return {
      mode: active.mode,
      source: 'owner',
      ...(active.message ? { message: active.message } : {}),
      ...(active.until ? { until: new Date(active.until) } : {}),
      periodId: `owner:${active.mode}:${active.setAt}`,
    };
  }
  const hours = hoursOf(shop);
  if (hours && !isOpen(now, hours)) {
    const back = nextOpening(now, hours);
    // The next opening names the closed period: every message until then belongs to it.
    return { mode: 'away', source: 'hours', ...(back ? { until: back } : {}), periodId: `hours:${back?.toISOString() ?? 'closed'}` };
  }
  return { mode: 'online', source: hours ? 'hours' : 'default', periodId: 'online' };
}

/** A time as a buyer reads it, in the shop's zone and the buyer's language: "Monday 09:00", "星期一 09:00". */
export function formatBackAt(at: Date, lang: string, shop: ShopConfig): string {
  const timeZone = shop.hours?.timezone ?? 'UTC';
  const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone }).format(at) === new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    ...(sameDay ? {} : { weekday: 'long' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}
