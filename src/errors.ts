import type { ChannelId } from './engine/types.js';

/** Base of every error the gateway raises on purpose. */
export class GatewayError extends Error {
  override name = 'GatewayError';
}

/** Bad configuration: the message names the variable or YAML path and what was expected. */
export class ConfigError extends GatewayError {
  override name = 'ConfigError';
}

/** The store (Redis) could not be reached: webhooks answer 503 so the platform retries. */
export class StoreUnavailableError extends GatewayError {
  override name = 'StoreUnavailableError';
}

/** Too many messages waiting in one conversation: refused for now (503 + Retry-After), so the platform retries later. */
export class ConversationBusyError extends StoreUnavailableError {
  override name = 'ConversationBusyError';
}

/** A platform API call failed. `retryable` decides between backoff and giving up. */
export class AdapterError extends GatewayError {
  override name = 'AdapterError';
  constructor(
    readonly channel: ChannelId,
    readonly op: string,
    readonly opts: {
      retryable: boolean;
      status?: number;
      retryAfterMs?: number;
      permanent?: boolean;
      /** The channel itself is down (e.g. a revoked app token): keep the delivery queued, without counting the try. */
      hold?: boolean;
      cause?: unknown;
    },
  ) {
    super(`${channel} ${op} failed${opts.status ? ` (${opts.status})` : ''}`, { cause: opts.cause });
  }
}

/** A flow threw: wraps the cause with the flow and conversation it happened in. */
export class FlowError extends GatewayError {
  override name = 'FlowError';
  constructor(
    readonly flow: string,
    readonly conversationId: string,
    cause: unknown,
  ) {
    super(`flow ${flow} failed in ${conversationId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
