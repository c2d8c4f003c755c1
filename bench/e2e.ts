import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { startFakeTelegram, type FakeTelegram } from '../test/helpers/fakes/telegram.js';
import { eventually } from '../test/helpers/gateway.js';
import { startGatewayProcess, type GatewayProcess } from '../test/helpers/gateway-process.js';
import { freePort, type TestRedis } from '../test/helpers/redis-server.js';
import { loadShopConfig } from '../src/config/load.js';
import { exampleShopConfigPath } from '../src/config/paths.js';
import { cpuPerReply, cpuSnapshot, type CpuPerReply, type CpuSnapshot } from './cpu.js';
import { capCpu } from './cpu-quota.js';
import { answerFor } from './peer-telegraf/faq.js';
import { QUESTIONS } from './questions.js';

/** Who answers: the gateway, or the Telegraf peer #7 compares it with (bench/peer-telegraf). */
export type BenchBot = 'gateway' | 'peer';

export interface E2eOptions {
  /** Default: the gateway. */
  bot?: BenchBot;
  n: number;
  concurrency: number;
  /** Updates per second, sent whatever the answers (open loop); without it, `concurrency` in flight (closed loop). */
  rate?: number;
  warmup: number;
  instances: number;
  graceMs: number;
  timeoutS: number;
  redis: TestRedis;
  /** CPUs each gateway process may use (a cgroup cap; root only); without it, as many as it takes. */
  cpuQuota?: number;
  /** The redis-server's pid: with it, a closed-loop run reports CPU per reply (bench/cpu.ts). */
  redisPid?: number;
}

export interface E2eResult {
  bot: BenchBot;
  instances: number;
  n: number;
  concurrency: number;
  rate?: number;
  cpu_quota?: number;
  webhook_rps: number;
  e2e_rps: number;
  latency_ms: Percentiles;
  webhook_ack_ms: Percentiles;
  missing_replies: number;
  duplicate_replies: number;
  /**
   * Replies that are not the asked topic's answer in the buyer's language (e.g. "I don't know"). For
   * the peer: replies that are not the peer's own answer to the question asked (a mix-up).
   */
  wrong_replies: number;
  webhook_non_2xx: number;
  webhook_errors: number;
  /** Closed loop only, with `redisPid`: ms of CPU per reply over the measured window. */
  cpu_ms_per_reply?: CpuPerReply;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export const SECRET = 'bench-webhook-secret-0123456789';
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Number((sorted.at(-1) ?? 0).toFixed(2)) };
}

let updateId = Math.floor(Math.random() * 1e9);
/** A private-chat text update, as Telegram sends it. */
export function update(chatId: number, text: string): string {
  const id = ++updateId;
  return JSON.stringify({
    update_id: id,
    message: {
      message_id: id,
      from: { id: chatId, is_bot: false, first_name: 'Buyer', language_code: 'en' },
      chat: { id: chatId, first_name: 'Buyer', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
/** POST an update to a Telegram webhook over a kept-alive connection; resolves with the status (0 on a transport error). */
export function post(url: URL, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': SECRET } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Start `instances` gateway processes on the Redis, pointed at the fake Bot API. */
export async function startGateways(instances: number, redis: TestRedis, telegram: Pick<FakeTelegram, 'url'>, extra: Record<string, string> = {}): Promise<GatewayProcess[]> {
  const env = {
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: telegram.url,
    // The benchmark's chats are all different buyers; Telegram's per-bot cap would only measure itself.
    TELEGRAM_MAX_PER_SECOND: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    // As `npm start` and the Docker image run it (README, "Production Node settings").
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '--max-semi-space-size=64',
    ...extra,
  };
  return Promise.all(Array.from({ length: instances }, () => startGatewayProcess(env, undefined, { built: true })));
}

/** The peer bot in its own process (as the gateway), on the Redis, pointed at the fake Bot API. */
export async function startPeer(redis: TestRedis, telegram: Pick<FakeTelegram, 'url'>): Promise<{ webhook: URL; proc: ReturnType<typeof spawn>; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/peer-telegraf/main.ts'], {
    // As ../shared/bench/run-peer.sh starts it: no NODE_ENV, no Node flags.
    env: { PATH: process.env.PATH, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.url, REDIS_URL: redis.url, HOST: '127.0.0.1', PORT: String(port), WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (proc.exitCode !== null) throw new Error(`peer exited ${proc.exitCode}: ${stderr}`);
    return (await fetch(url).catch(() => undefined)) !== undefined; // any answer: it listens
  }, 30_000, 'peer process listening');
  return {
    webhook: new URL(`${url}/telegram/webhook`),
    proc,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The end-to-end run: updates POSTed to the real webhook route, each from its own chat, a fixed
 * number in flight; reply latency is from the start of the POST to the first sendMessage for that
 * chat at the fake Bot API (same process, same clock).
 */
export async function runE2e(opts: E2eOptions): Promise<E2eResult> {
  const sentAt = new Map<number, number>();
  const firstReply = new Map<number, number>();
  const replies = new Map<number, number>();
  const firstText = new Map<number, string>();
  const asked = new Map<number, string>(); // chat -> the answer it must get
  const bot = opts.bot ?? 'gateway';
  const shop = loadShopConfig(exampleShopConfigPath());
  // The bench's updates carry language_code "en" (see `update`).
  const expected = QUESTIONS.map((q) => (bot === 'peer' ? answerFor(q.text, 'en') : shop.faq.find((t) => t.id === q.topic)!.answer[q.lang]!));
  const telegram = await startFakeTelegram({
    record: false,
    onSend(call) {
      const chat = Number(call.params.chat_id);
      replies.set(chat, (replies.get(chat) ?? 0) + 1);
      if (!firstReply.has(chat)) {
        firstReply.set(chat, call.at);
        firstText.set(chat, String(call.params.text));
      }
    },
  });
  const bots =
    bot === 'peer'
      ? await Promise.all(Array.from({ length: opts.instances }, () => startPeer(opts.redis, telegram)))
      : (await startGateways(opts.instances, opts.redis, telegram)).map((g) => ({ webhook: new URL(`${g.url}/webhooks/telegram`), proc: g.proc, stop: () => g.stop() }));
  const uncap: (() => void)[] = [];
  try {
    for (const b of bots) if (opts.cpuQuota) uncap.push(capCpu(b.proc.pid!, opts.cpuQuota));
  } catch (err) {
    for (const b of bots) await b.stop();
    uncap.forEach((release) => release());
    await telegram.close();
    throw err;
  }
  const urls = bots.map((b) => b.webhook);
  const chatBase = 1_000_000 + Math.floor(Math.random() * 1e8);
  const acks: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let lastAck = 0;

  /** POST update `i` (chat `offset + i`) and count its answer. */
  async function sendOne(i: number, offset: number, measure: boolean): Promise<void> {
    const chat = chatBase + offset + i;
    const body = update(chat, QUESTIONS[i % QUESTIONS.length]!.text);
    const started = performance.now();
    if (measure) {
      sentAt.set(chat, started);
      asked.set(chat, expected[i % QUESTIONS.length]!);
    }
    const status = await post(urls[i % urls.length]!, body);
    const done = performance.now();
    if (!measure) return;
    if (status === 0) errors++;
    else if (status < 200 || status >= 300) non2xx++;
    else acks.push(done - started);
    lastAck = done;
  }

  /** Closed loop: `concurrency` updates in flight, the next sent as soon as one is answered. */
  async function drive(total: number, offset: number, measure: boolean): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (let i = next++; i < total; i = next++) await sendOne(i, offset, measure);
      }),
    );
  }

  /** Open loop: updates sent at a steady `rate` per second whatever the answers, as buyers write. */
  async function drivePaced(total: number, offset: number, rate: number): Promise<void> {
    const start = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < total; i++) {
      const wait = start + (i * 1000) / rate - performance.now();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      const sent: Promise<void> = sendOne(i, offset, true).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    await Promise.all(inFlight);
  }

  try {
    await drive(opts.warmup, 0, false);
    await waitFor(() => firstReply.size >= opts.warmup, opts.timeoutS * 1000);
    // Closed loop: the CPU each process spends on the measured replies (the warm-up's are done by now).
    const pids = !opts.rate && opts.redisPid ? [...bots.map((b) => b.proc.pid!), opts.redisPid] : undefined;
    const cpuStart: CpuSnapshot | undefined = pids && cpuSnapshot(pids);
    const measuredStart = performance.now();
    if (opts.rate) await drivePaced(opts.n, opts.warmup, opts.rate);
    else await drive(opts.n, opts.warmup, true);
    const deadline = performance.now() + opts.timeoutS * 1000;
    const measured = [...sentAt.keys()];
    await waitFor(() => measured.every((c) => firstReply.has(c)), deadline - performance.now());
    const cpuEnd = pids && cpuSnapshot(pids);
    const windowMs = performance.now() - measuredStart;
    await new Promise((r) => setTimeout(r, opts.graceMs));
    const latencies = measured.filter((c) => firstReply.has(c)).map((c) => firstReply.get(c)! - sentAt.get(c)!);
    const lastReply = Math.max(...measured.map((c) => firstReply.get(c) ?? 0));
    return {
      bot,
      instances: opts.instances,
      n: opts.n,
      concurrency: opts.concurrency,
      ...(opts.rate ? { rate: opts.rate } : {}),
      ...(opts.cpuQuota ? { cpu_quota: opts.cpuQuota } : {}),
      webhook_rps: Math.round(acks.length / ((lastAck - measuredStart) / 1000)),
      e2e_rps: Math.round(latencies.length / ((lastReply - measuredStart) / 1000)),
      latency_ms: percentiles(latencies),
      webhook_ack_ms: percentiles(acks),
      missing_replies: measured.filter((c) => !firstReply.has(c)).length,
      duplicate_replies: measured.reduce((sum, c) => sum + Math.max(0, (replies.get(c) ?? 0) - 1), 0),
      wrong_replies: measured.filter((c) => firstText.has(c) && firstText.get(c) !== asked.get(c)).length,
      webhook_non_2xx: non2xx,
      webhook_errors: errors,
      cpu_ms_per_reply: cpuStart && cpuEnd ? cpuPerReply(cpuStart, cpuEnd, bots.length, latencies.length, windowMs) : undefined,
    };
  } finally {
    for (const b of bots) await b.stop();
    for (const release of uncap) release();
    await telegram.close();
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + Math.max(0, ms);
  while (!check() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

