import type { ZodError } from 'zod';
import type { InboundMessage } from '../../src/engine/types.js';
import { actionToInbound, commandToInbound, eventToInbound } from './normalize.js';
import { BlockActionsSchema, EventCallbackSchema, SlackTypeSchema, SlashCommandSchema, UrlVerificationSchema } from './payload.js';

/** What a verified Slack request asks of us. */
export type SlackRequest =
  | { kind: 'message'; msg: InboundMessage }
  /** `url_verification`: answer `{ challenge }`. */
  | { kind: 'challenge'; challenge: string }
  /** Well-formed, but nothing for the engine (a bot's message, an edit, an event we don't handle): 200. */
  | { kind: 'ignored'; reason: string }
  /** Not what Slack sends: 400 with the reason. */
  | { kind: 'malformed'; reason: string };

const describe = (error: ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

function readInteraction(body: unknown, receivedAt: Date): SlackRequest {
  const payload = (body as { payload?: unknown } | undefined)?.payload;
  if (typeof payload !== 'string') {
    // A form without `payload`: a slash command (`/shopdesk …`), or something this app does not register.
    if (typeof (body as { command?: unknown } | undefined)?.command !== 'string') return { kind: 'ignored', reason: 'form body without payload' };
    const command = SlashCommandSchema.safeParse(body);
    if (!command.success) return { kind: 'malformed', reason: `slash command ${describe(command.error)}` };
    const normalized = commandToInbound(command.data, receivedAt);
    return 'msg' in normalized ? { kind: 'message', msg: normalized.msg } : { kind: 'ignored', reason: normalized.ignored };
  }
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { kind: 'malformed', reason: 'payload is not JSON' };
  }
  const head = SlackTypeSchema.safeParse(json);
  if (!head.success) return { kind: 'malformed', reason: `payload ${describe(head.error)}` };
  if (head.data.type !== 'block_actions') return { kind: 'ignored', reason: `interaction ${head.data.type}` };
  const actions = BlockActionsSchema.safeParse(json);
  if (!actions.success) return { kind: 'malformed', reason: `block_actions ${describe(actions.error)}` };
  const normalized = actionToInbound(actions.data, receivedAt);
  return 'msg' in normalized ? { kind: 'message', msg: normalized.msg } : { kind: 'ignored', reason: normalized.ignored };
}

/**
 * A verified request body -> what to do with it. Events API requests are JSON; interactivity
 * requests (button presses) are form-encoded `payload=<json>`, which `form` tells apart.
 */
export function readSlackRequest(body: unknown, form: boolean, receivedAt: Date): SlackRequest {
  if (form) return readInteraction(body, receivedAt);
  const head = SlackTypeSchema.safeParse(body);
  if (!head.success) return { kind: 'malformed', reason: describe(head.error) };
  switch (head.data.type) {
    case 'url_verification': {
      const check = UrlVerificationSchema.safeParse(body);
      return check.success ? { kind: 'challenge', challenge: check.data.challenge } : { kind: 'malformed', reason: describe(check.error) };
    }
    case 'event_callback': {
      const envelope = EventCallbackSchema.safeParse(body);
      if (!envelope.success) return { kind: 'malformed', reason: describe(envelope.error) };
      const normalized = eventToInbound(envelope.data, receivedAt);
      return 'msg' in normalized ? { kind: 'message', msg: normalized.msg } : { kind: 'ignored', reason: normalized.ignored };
    }
    default:
      // app_rate_limited and whatever Slack adds later.
      return { kind: 'ignored', reason: `request type ${head.data.type}` };
  }
}
