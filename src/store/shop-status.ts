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
