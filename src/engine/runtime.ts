import type { Logger } from 'winston';
import { StoreUnavailableError } from '../errors.js';
import type { Store } from '../store/types.js';

/** What every engine part shares: the store, the log, the clock, and whether the engine is stopping. */
export interface Runtime {
  readonly store: Store;
  readonly log: Logger;
  readonly clock: () => Date;
  stopping(): boolean;
  /** Sleep, but wake at once when the engine stops. */
  pause(ms: number): Promise<void>;
  /**
   * Finish a step on a lease even if Redis blinks: the work is done (a message sent, a turn
   * computed), so keep trying while the lease can still be ours rather than letting it expire
   * and be done twice. Gives up (and lets the lease expire) when the engine stops.
   */
  settle<T>(what: string, op: () => Promise<T>): Promise<T | undefined>;
}

/** The runtime, with the switch the engine's start and stop turn. */
export function createRuntime(store: Store, log: Logger, clock: () => Date): Runtime & { begin(): void; end(): void } {
  let stopping = false;
  let stopSignal = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const signal = stopSignal.signal;
      const wake = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (signal.removeEventListener('abort', wake), resolve()), ms);
      signal.addEventListener('abort', wake, { once: true });
    });
  return {
    store,
    log,
    clock,
    stopping: () => stopping,
    pause,
    async settle<T>(what: string, op: () => Promise<T>): Promise<T | undefined> {
      const deadline = Date.now() + store.options.leaseMs;
      for (let attempt = 1; ; attempt++) {
        try {
          return await op();
        } catch (err) {
          if (!(err instanceof StoreUnavailableError) || Date.now() > deadline || stopping) throw err;
          if (attempt === 1) log.warn(`store unavailable; retrying ${what}`, { err });
          await pause(Math.min(1000, 50 * attempt));
        }
      }
    },
    begin() {
      stopping = false;
      stopSignal = new AbortController();
    },
    end() {
      stopping = true;
      stopSignal.abort();
    },
  };
}

/** A value made the first time it is asked for: per-message loggers, which most turns never use at the usual levels. */
export function madeOnFirstUse<T extends object>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Exponential backoff with jitter, capped at a minute. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
