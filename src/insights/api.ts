import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Express } from 'express';
import { z } from 'zod';
import type { ShopConfig } from '../config/schema.js';
import { requireRole } from '../http/auth.js';
import type { InsightsStore } from '../store/insights-types.js';
import { daysBetween } from './buckets.js';
import { lastDays, readInsights } from './report.js';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day like 2026-12-07').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar day');

/** Query of GET /api/insights: shop-local days, inclusive; at most 92 days per day, 31 per hour. */
export const InsightsQuery = z
  .object({ from: Day.optional(), to: Day.optional(), granularity: z.enum(['day', 'hour']).default('day') })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const days = daysBetween(q.from, q.to).length;
    if (days === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    const max = q.granularity === 'hour' ? 31 : 92;
    if (days > max) ctx.addIssue({ code: 'custom', path: ['from'], message: `at most ${max} days at granularity ${q.granularity}` });
  });

/** The shop's time zone for insights: `hours.timezone`, else UTC. */
export const insightsTimeZone = (shop: ShopConfig) => shop.hours?.timezone ?? 'UTC';

/**
 * GET /api/insights?from=&to=&granularity= (owner role): the owner's numbers as JSON, the same the
 * console's Insights page draws. Without from/to: the last 7 days. Also serves the charting
 * library (uPlot, from node_modules) to the console, under its strict CSP: no CDN.
 */
export function mountInsightsApi(app: Express, deps: { store: InsightsStore; shop: ShopConfig; clock?: () => Date }): void {
  const clock = deps.clock ?? (() => new Date());
  const timezone = insightsTimeZone(deps.shop);
  app.get('/api/insights', requireRole(() => deps.shop.agents, 'owner'), async (req, res) => {
    const parsed = InsightsQuery.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
      return;
    }
    const range = lastDays(7, timezone, clock());
    const q = { from: parsed.data.from ?? range.from, to: parsed.data.to ?? range.to, granularity: parsed.data.granularity };
    if (daysBetween(q.from, q.to).length === 0) {
      res.status(400).json({ error: 'to: must not be before from' });
      return;
    }
    res.set('cache-control', 'no-store').json(await readInsights(deps.store, { ...q, timezone }));
  });
  // Mounted after the console: its CSP and security headers are already set for anything under /console.
  const uplot = dirname(createRequire(import.meta.url).resolve('uplot'));
  app.use('/console/vendor/uplot', express.static(uplot, { index: false, maxAge: '1d' }));
}
