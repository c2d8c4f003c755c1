import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../config/paths.js';
import type { RedisConnection } from './connection.js';
import { keys } from './keys.js';

/**
 * The store's Lua scripts, one `.lua` file each in `src/store/lua/`, read once at start. Each file
 * documents its ARGV at the top; a file whose header says `-- needs: queue-lib` gets the queue's
 * helpers (`queue-lib.lua`) prepended.
 */
const FILES = {
  ingest: 'ingest',
  claim: 'claim',
  extend: 'extend',
  ack: 'ack',
  retryLater: 'retry-later',
  mergeHead: 'merge-head',
  takeLongWaiters: 'take-long-waiters',
  commitTurn: 'commit-turn',
  requestHuman: 'request-human',
  claimConversation: 'claim-conversation',
  releaseConversation: 'release-conversation',
  takeQueueTimeouts: 'take-queue-timeouts',
  sendAsAgent: 'send-as-agent',
  editMessage: 'edit-message',
  eraseContact: 'erase-contact',
} as const;

export type ScriptName = keyof typeof FILES;
export type ScriptClient = RedisConnection & { [K in ScriptName]: (...args: (string | number)[]) => Promise<unknown> };

const luaFolder = (): string => join(packageRoot(), 'src', 'store', 'lua');
const readLua = (file: string): string => readFileSync(join(luaFolder(), `${file}.lua`), 'utf8');

/** Every script's full source (helpers included), by name. */
export function loadScripts(): Record<ScriptName, string> {
  const queueLib = readLua('queue-lib');
  const out = {} as Record<ScriptName, string>;
  for (const [name, file] of Object.entries(FILES) as [ScriptName, string][]) {
    const lua = readLua(file);
    out[name] = /^-- needs: queue-lib$/m.test(lua) ? `${queueLib}\n${lua}` : lua;
  }
  return out;
}

let scripts: Record<ScriptName, string> | undefined;


/**
 * The scripts every buyer message runs. Calls made in the same turn of the event loop (the
 * webhooks, commits and acks of many conversations under load) go to Redis as one script call
 * that runs each in turn: Redis pays its per-script cost once per batch, not once per message.
 */
const BATCHED: ReadonlySet<ScriptName> = new Set(['ingest', 'commitTurn', 'ack']);

/** A script's body as a function of its arguments, run once per call of the batch: ARGV is count, args…, count, args… */
function batchedLua(lua: string): string {
  return `local function one(ARGV)
${lua}
end
local out, i, n = {}, 1, #ARGV
while i <= n do
  local count = tonumber(ARGV[i])
  out[#out + 1] = one({unpack(ARGV, i + 1, i + count)})
  i = i + count + 1
end
return out`;
}

type RawScript = (...args: (string | number)[]) => Promise<unknown>;

/** Calls of one script made in one turn of the event loop, sent together after it (setImmediate). */
function batching(single: RawScript, batch: RawScript, onRequest: () => void): RawScript {
  let pending: { args: (string | number)[]; resolve: (value: unknown) => void; reject: (err: unknown) => void }[] = [];
  const flush = () => {
    const calls = pending;
    pending = [];
    onRequest();
    const failAll = (err: unknown) => calls.forEach((call) => call.reject(err));
    try {
      if (calls.length === 1) {
        single(...calls[0]!.args).then(calls[0]!.resolve, failAll);
        return;
      }
      const args: (string | number)[] = [];
      for (const call of calls) args.push(call.args.length, ...call.args);
      batch(...args).then((results) => calls.forEach((call, i) => call.resolve((results as unknown[])[i])), failAll);
    } catch (err) {
      failAll(err); // a client that throws instead of rejecting must not leave callers waiting
    }
  };
  return (...args) =>
    new Promise((resolve, reject) => {
      if (pending.push({ args, resolve, reject }) === 1) setImmediate(flush);
    });
}

/**
 * Register the scripts. Each call names one key with our hash tag first (KEYS[1], unused by the
 * Lua), so a Redis Cluster routes it to the node that owns every key the script touches.
 * `onRequest` counts what a batched script actually sends to Redis (a batch counts once).
 */
export function withScripts(redis: RedisConnection, onRequest: () => void): ScriptClient {
  const client = redis as ScriptClient;
  const commands = redis as unknown as Record<string, RawScript>;
  for (const [name, lua] of Object.entries((scripts ??= loadScripts())) as [ScriptName, string][]) {
    redis.defineCommand(`${name}Raw`, { numberOfKeys: 1, lua });
    const single: RawScript = (...args) => commands[`${name}Raw`]!.call(redis, keys.slotAnchor(), ...args);
    if (!BATCHED.has(name)) {
      (client as unknown as Record<string, RawScript>)[name] = single;
      continue;
    }
    redis.defineCommand(`${name}Batch`, { numberOfKeys: 1, lua: batchedLua(lua) });
    const batch: RawScript = (...args) => commands[`${name}Batch`]!.call(redis, keys.slotAnchor(), ...args);
    (client as unknown as Record<string, RawScript>)[name] = batching(single, batch, onRequest);
  }
  return client;
}

