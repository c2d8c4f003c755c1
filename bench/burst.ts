import { loadShopConfig } from '../src/config/load.js';
import { exampleShopConfigPath } from '../src/config/paths.js';
import type { TestRedis } from '../test/helpers/redis-server.js';
import { startLimitedTelegram, type TelegramLimits } from './burst-api.js';
import { percentiles, post, startGateways, startPeer, update, type BenchBot, type Percentiles } from './e2e.js';
import { answerFor } from './peer-telegraf/faq.js';
import { QUESTIONS } from './questions.js';

export interface BurstOptions {
  bot?: BenchBot;
  instances: number;
  /** Buyers writing, each from their own chat. */
  buyers: number;
  /** Over how long their first messages come, evenly (ms). */
  spreadMs: number;
  /** One buyer in `secondEvery` writes a second message, 1 to 3 s after their first. */
  secondEvery: number;
  limits: TelegramLimits;
  redis: TestRedis;
}

export interface BurstResult {
  bot: BenchBot;
  instances: number;
  buyers: number;
  messages: number;
  /** From a buyer's first POST to their first reply accepted by the API, seconds. */
  first_reply_s: Percentiles;
  /** From the first POST to the last reply accepted, seconds; the floor is messages / the limit. */
  drain_s: number;
  floor_s: number;
  /** sendMessage calls answered 429: the bot's rate, one chat's; and their share of all calls. */
  refused_bot: number;
  refused_chat: number;
  refused_share: number;
  lost_replies: number;
  duplicate_replies: number;
  wrong_replies: number;
  /** Answers to second messages that went out before the last buyer's first answer (a merged one counts with the first). */
  seconds_before_last_first: number;
  /** Messages that carried several of a buyer's answers, joined (the gateway merges queued answers under a burst). */
  merged_messages: number;
  /** Busy replies with the place in line (not answers: the first reply is the first answer). */
  busy_replies: number;
  webhook_non_2xx: number;
  webhook_statuses: Record<string, number>;
}

/** The burst section: a flash sale's buyers against Telegram's sending limits (see BENCHMARKS.md). */
export async function runBurst(opts: BurstOptions): Promise<BurstResult> {
  const bot = opts.bot ?? 'gateway';
  const shop = loadShopConfig(exampleShopConfigPath());
  const answer = (q: (typeof QUESTIONS)[number]) => (bot === 'peer' ? answerFor(q.text, 'en') : shop.faq.find((t) => t.id === q.topic)!.answer[q.lang]!);
  const telegram = await startLimitedTelegram(opts.limits);
  const bots =
    bot === 'peer'
      ? await Promise.all(Array.from({ length: opts.instances }, () => startPeer(opts.redis, telegram)))
      : (await startGateways(opts.instances, opts.redis, telegram, { TELEGRAM_MAX_PER_SECOND: String(opts.limits.perSecond), LOG_LEVEL: 'warn' })).map((g) => ({ webhook: new URL(`${g.url}/webhooks/telegram`), stop: () => g.stop(), log: () => g.log() }));

  const chatBase = 2_000_000 + Math.floor(Math.random() * 1e8);
  /** Each message to send: when (ms after the start), from which chat, what, and the answer it must get. */
  const plan: { at: number; chat: number; text: string; expected: string; second: boolean }[] = [];
  for (let i = 0; i < opts.buyers; i++) {
    const at = (i * opts.spreadMs) / opts.buyers;
    const first = QUESTIONS[i % QUESTIONS.length]!;
    plan.push({ at, chat: chatBase + i, text: first.text, expected: answer(first), second: false });
    if (i % opts.secondEvery === 0) {
      const next = QUESTIONS[(i + 5) % QUESTIONS.length]!; // another topic
      plan.push({ at: at + 1000 + ((i * 37) % 2000), chat: chatBase + i, text: next.text, expected: answer(next), second: true });
    }
  }
  plan.sort((a, b) => a.at - b.at);
  const firstPostAt = new Map<number, number>();
  const expected = new Map<number, string[]>();
  for (const m of plan) expected.set(m.chat, [...(expected.get(m.chat) ?? []), m.expected]);
  let non2xx = 0;
  /** Non-2xx answers by status (0: the connection failed before an answer). */
  const statuses: Record<string, number> = {};
  const progress = setInterval(() => process.stderr.write(`  burst: ${telegram.accepted.length}/${plan.length} replies, ${telegram.refused.bot + telegram.refused.chat} refused\n`), 15_000);

  /** The busy reply with the place in line (any language): not an answer. */
  const busyLine = Object.values(shop.autoReply.busyInLine ?? {}).map((t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{position}', '\\d+').replace('{minutes}', '\\d+')}$`));
  const isBusy = (text: string) => busyLine.some((re) => re.test(text));
  /** The answers one accepted message carries: itself, or the parts of a merged one (joined with a blank line); none for a busy reply. */
  const partsOf = (chat: number, text: string): string[] => {
    if (bot === 'gateway' && isBusy(text)) return [];
    const want = expected.get(chat) ?? [];
    if (want.includes(text)) return [text];
    const parts = text.split('\n\n');
    return parts.length > 1 && parts.every((t) => want.includes(t)) ? parts : [text];
  };
  let counted = 0;
  let answers = 0;
  const answersSoFar = () => {
    for (; counted < telegram.accepted.length; counted++) answers += partsOf(telegram.accepted[counted]!.chat, telegram.accepted[counted]!.text).length;
    return answers;
  };

  try {
    const start = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (const [i, m] of plan.entries()) {
      const wait = start + m.at - performance.now();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      if (!m.second) firstPostAt.set(m.chat, performance.now());
      const sent: Promise<void> = post(bots[i % bots.length]!.webhook, update(m.chat, m.text))
        .then((status) => void (status >= 200 && status < 300 ? undefined : (non2xx++, (statuses[status] = (statuses[status] ?? 0) + 1))))
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    await Promise.all(inFlight);
    const floorS = plan.length / opts.limits.perSecond;
    // Twice the floor: a sender that loses nothing is done long before.
    const deadline = performance.now() + Math.max(60_000, floorS * 2_000);
    while (answersSoFar() < plan.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (bot === 'peer' && performance.now() - (telegram.accepted.at(-1)?.at ?? start) > 15_000) break; // it does not retry: nothing more comes
    }
    await new Promise((r) => setTimeout(r, 2000)); // a late duplicate would show here

    const byChat = new Map<number, string[]>();
    let merged = 0;
    const answersOnly = telegram.accepted.filter((s) => partsOf(s.chat, s.text).length > 0);
    const busyReplies = telegram.accepted.length - answersOnly.length;
    for (const s of answersOnly) {
      const parts = partsOf(s.chat, s.text);
      if (parts.length > 1) merged++;
      byChat.set(s.chat, [...(byChat.get(s.chat) ?? []), ...parts]);
    }
    let lost = 0;
    let duplicate = 0;
    let wrong = 0;
    for (const [chat, want] of expected) {
      const got = byChat.get(chat) ?? [];
      const left = [...got];
      for (const text of want) {
        const k = left.indexOf(text);
        if (k >= 0) left.splice(k, 1);
        else lost++;
      }
      for (const text of left) (want.includes(text) ? duplicate++ : wrong++);
    }
    const firstReplyAt = new Map<number, number>();
    for (const s of answersOnly) if (!firstReplyAt.has(s.chat)) firstReplyAt.set(s.chat, s.at);
    const firsts = [...firstPostAt].filter(([chat]) => firstReplyAt.has(chat)).map(([chat, at]) => (firstReplyAt.get(chat)! - at) / 1000);
    const lastFirst = Math.max(...firstReplyAt.values());
    const seconds = answersOnly.filter((s) => firstReplyAt.get(s.chat) !== s.at);
    const calls = telegram.accepted.length + telegram.refused.bot + telegram.refused.chat;
    const round = (v: number, d = 1) => Number(v.toFixed(d));
    const p = percentiles(firsts);
    return {
      bot,
      instances: opts.instances,
      buyers: opts.buyers,
      messages: plan.length,
      first_reply_s: { p50: round(p.p50), p90: round(p.p90), p99: round(p.p99), max: round(p.max) },
      drain_s: round(((telegram.accepted.at(-1)?.at ?? start) - start) / 1000),
      floor_s: round(floorS),
      refused_bot: telegram.refused.bot,
      refused_chat: telegram.refused.chat,
      refused_share: round(calls ? (100 * (telegram.refused.bot + telegram.refused.chat)) / calls : 0, 2),
      lost_replies: lost,
      duplicate_replies: duplicate,
      wrong_replies: wrong,
      seconds_before_last_first: seconds.filter((s) => s.at < lastFirst).length,
      webhook_non_2xx: non2xx,
      webhook_statuses: statuses,
      merged_messages: merged,
      busy_replies: busyReplies,
    };
  } finally {
    clearInterval(progress);
    for (const b of bots) await b.stop();
    // The gateways' warnings and errors, when a webhook was not answered 2xx (why is in there).
    if (non2xx > 0) for (const [i, b] of bots.entries()) if ('log' in b) process.stderr.write(`  burst: gateway ${i + 1} log (warn and up):\n${b.log().split('\n').filter(Boolean).slice(-40).map((l) => `    ${l}`).join('\n')}\n`);
    await telegram.close();
  }
}
