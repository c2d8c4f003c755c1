// @ts-check
// The live event stream, GET /api/events (server-sent events). Read with fetch because
// EventSource cannot send the Bearer header, and kept open for as long as the agent is signed in.
import { API } from './api.js';
import { setLive } from './dom.js';
import { signOut } from './signin.js';
import { state } from './state.js';

/** @typedef {import('../../api-types.js').LiveEvent} LiveEvent */
/** @typedef {import('../../api-types.js').LiveMessage} LiveMessage */
/** @typedef {import('../../api-types.js').LiveHandoff} LiveHandoff */
/** @typedef {import('../../api-types.js').LiveUndelivered} LiveUndelivered */

/**
 * What the stream calls.
 * @typedef {object} StreamHandlers
 * @property {(event: LiveMessage) => void} message a buyer, the bot or an agent wrote
 * @property {(event: LiveHandoff) => void} handoff a conversation was queued, claimed, released or closed
 * @property {(event: LiveUndelivered) => void} undelivered an agent's reply the platform would not take
 * @property {() => void} reconnected connected again after a drop: whatever happened meanwhile is to be fetched once
 */

const STREAM_SILENCE_MS = 45_000; // the server pings every 15 s; silence this long means a dead connection

/** @param {number} ms @param {AbortSignal} signal @returns {Promise<void>} */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * Read /api/events until `signal` aborts, reconnecting with backoff when it drops.
 * @param {AbortSignal} signal
 * @param {StreamHandlers} on
 */
export async function runStream(signal, on) {
  let delayMs = 1000;
  let connectedBefore = false;
  while (!signal.aborted) {
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener('abort', stop, { once: true });
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let watchdog;
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(stop, STREAM_SILENCE_MS);
    };
    try {
      setLive('connecting', connectedBefore ? 'reconnecting…' : 'connecting…');
      const res = await fetch(new URL('events', API), { headers: { authorization: `Bearer ${state.token}`, accept: 'text/event-stream' }, cache: 'no-store', signal: connection.signal });
      if (res.status === 401) {
        signOut('Your token is no longer accepted. Sign in again.');
        return;
      }
      if (!res.ok || !res.body) throw new Error(`event stream refused: ${res.status}`);
      alive();
      setLive('live', 'live');
      delayMs = 1000;
      if (connectedBefore) on.reconnected();
      connectedBefore = true;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end), on);
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // dropped, refused or silent too long: retried below
    } finally {
      clearTimeout(watchdog);
      signal.removeEventListener('abort', stop);
    }
    if (signal.aborted) return;
    setLive('offline', 'reconnecting…');
    await sleep(delayMs * (0.75 + Math.random() * 0.5), signal);
    delayMs = Math.min(delayMs * 2, 30_000);
  }
}

/**
 * One server-sent event block: `event:` and `data:` lines; lines starting with ":" are pings.
 * @param {string} block
 * @param {StreamHandlers} on
 */
function dispatch(block, on) {
  let type = 'message';
  /** @type {string[]} */
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return;
  /** @type {LiveEvent} */
  let event;
  try {
    event = JSON.parse(data.join('\n'));
  } catch {
    return;
  }
  if (type === 'message' && event.type === 'message') on.message(event);
  if (type === 'handoff' && event.type === 'handoff') on.handoff(event);
  if (type === 'undelivered' && event.type === 'undelivered') on.undelivered(event);
}
