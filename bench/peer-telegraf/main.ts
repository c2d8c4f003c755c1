/**
 * The peer #7 compares the gateway with: what a shop would write instead. A plain Telegraf 4 bot in
 * webhook mode behind express, with sessions in Redis through @telegraf/session, answering 4 FAQ
 * topics by keyword. Kept as the Telegraf docs show it, without tuning, as in
 * ../shared/bench/peer-telegraf/index.mjs (the same code, in TypeScript), so that `npm run bench`
 * runs the comparison on its own. It answers the webhook only after its reply has been sent.
 *
 * Environment: BOT_TOKEN, TELEGRAM_API_ROOT, REDIS_URL, HOST, PORT, WEBHOOK_PATH, WEBHOOK_SECRET.
 */
import { Redis } from '@telegraf/session/redis';
import express from 'express';
import { createClient } from 'redis';
import { Telegraf, session } from 'telegraf';
import { message } from 'telegraf/filters';
import { answerFor } from './faq.js';

const BOT_TOKEN = process.env.BOT_TOKEN || '123456789:AAbench-peer-telegraf-token';
const API_ROOT = process.env.TELEGRAM_API_ROOT || 'http://127.0.0.1:8081';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6390';
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 8090);
export const WEBHOOK_PATH = process.env.WEBHOOK_PATH || '/telegram/webhook';
const WEBHOOK_SECRET = process.env.WEBHOOK_SECRET || undefined;

interface PeerSession {
  messages: number;
}

const redis = createClient({ url: REDIS_URL });
redis.on('error', (err: Error) => console.error('redis error:', err.message));

const bot = new Telegraf<import('telegraf').Context & { session: PeerSession }>(BOT_TOKEN, { telegram: { apiRoot: API_ROOT } });

bot.use(session({ store: Redis<PeerSession>({ client: redis }), defaultSession: () => ({ messages: 0 }) }));

bot.on(message('text'), async (ctx) => {
  ctx.session.messages += 1;
  await ctx.reply(answerFor(ctx.message.text, ctx.from.language_code));
});

bot.catch((err, ctx) => {
  console.error(`error while handling update ${ctx.update.update_id}:`, err);
});

const app = express();
app.use(bot.webhookCallback(WEBHOOK_PATH, { ...(WEBHOOK_SECRET ? { secretToken: WEBHOOK_SECRET } : {}) }));

app.listen(PORT, HOST, (err?: Error) => {
  if (err) throw err; // express 5 hands listen errors (EADDRINUSE...) to this callback
  console.log(`peer-telegraf listening on http://${HOST}:${PORT}${WEBHOOK_PATH} (api ${API_ROOT}, redis ${REDIS_URL})`);
});
