import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { SlackAdapter } from 'botbuilder-adapter-slack';
import { AdapterError, ConfigError } from '../../src/errors.js';
import { classifyWebApiError } from './api-error.js';
import type { SlackReference } from './payload.js';
import type { SlackMessage } from './render.js';

/**
 * Botkit's SlackAdapter, made safe to hold in a long-running gateway. Its traps, and what we do:
 * - Given `botToken`, its constructor calls `auth.test` on slack.com and `process.exit(1)` when
 *   that fails (a network blip at start-up kills the process). So it is built in its multi-team
 *   mode instead: no `botToken`, `getTokenForTeam` answers with ours, and the OAuth fields it
 *   insists on are placeholders (only its install flow reads them, which we never use). In this
 *   mode the constructor makes no call and prints nothing.
 * - `getAPI` would build a fresh WebClient per call, aimed at slack.com with ten retries over
 *   half an hour: overridden to hand out ours (SLACK_API_ROOT, no retries of its own: the
 *   gateway's queue retries, in order, and counts the attempts).
 * - `sendActivities` logs and swallows every send error (console.error, then an empty result):
 *   we do not go through it. A turn from `continueConversation` gives the activity, Botkit's
 *   `activityToSlack` the chat.postMessage body, and the call's failure is thrown as AdapterError.
 * - `verifySignature` skips the check when `req.rawBody` is missing, `processActivity` answers
 *   `url_verification` before checking any signature, keeps only the inner event (dropping
 *   `event_id`, our dedupe key) and console.errors unknown payloads whole (personal data outside
 *   our redacting logger): inbound requests are verified and read by index.ts, never handed to it.
 */
class GatewaySlackAdapter extends SlackAdapter {
  readonly #client: WebClient;

  constructor(signingSecret: string, botToken: string, client: WebClient) {
    super({
      clientSigningSecret: signingSecret,
      getTokenForTeam: async () => botToken,
      getBotUserByTeam: async () => '',
      clientId: 'unused: no OAuth install flow',
      clientSecret: 'unused: no OAuth install flow',
      scopes: ['chat:write'],
      redirectUri: 'https://invalid.invalid/unused',
    });
    this.#client = client;
  }

  override async getAPI(): Promise<WebClient> {
    return this.#client;
  }
}

/** BotBuilder's types, reached through Botkit's own signatures (botbuilder is not our direct dependency). */
type Reference = Parameters<SlackAdapter['continueConversation']>[0];
type Activity = Parameters<SlackAdapter['activityToSlack']>[0];

/** Posts prepared Slack messages through Botkit, throwing AdapterError on the first failure. */
export interface BotkitSlack {
  /** Post `messages` in order into the conversation `reference` names; `onSent` is told each one that went out. */
  post(reference: SlackReference, messages: readonly SlackMessage[], onSent?: (index: number) => void): Promise<void>;
}

/** Botkit's SlackAdapter around our WebClient; see GatewaySlackAdapter for the traps it avoids. */
export function createBotkitSlack(opts: { signingSecret: string; botToken: string; client: WebClient }): BotkitSlack {
  let botkit: GatewaySlackAdapter;
  try {
    botkit = new GatewaySlackAdapter(opts.signingSecret, opts.botToken, opts.client);
  } catch (err) {
    throw new ConfigError(`Slack adapter could not start: ${err instanceof Error ? err.message : String(err)} (check SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)`, { cause: err });
  }
  return {
    async post(reference, messages, onSent) {
      // Our reference has what Botkit reads of a ConversationReference (see payload.ts).
      await botkit.continueConversation(reference as Reference, async (turn) => {
        const api = await botkit.getAPI();
        // A reply to the turn's conversation, as TurnContext.sendActivity would address it.
        const { channelId, serviceUrl, conversation, from, recipient } = turn.activity;
        for (const [index, message] of messages.entries()) {
          const activity: Activity = { type: 'message', channelId, serviceUrl, conversation, from: recipient, recipient: from, text: message.text, channelData: { blocks: message.blocks } };
          // Botkit types its Slack message as `any`; it is a chat.postMessage body.
          const body = botkit.activityToSlack(activity) as ChatPostMessageArguments;
          let ok: boolean | undefined;
          try {
            ok = (await api.chat.postMessage(body)).ok;
          } catch (err) {
            throw classifyWebApiError('chat.postMessage', err);
          }
          // The client throws on `ok: false` already; this is the check Botkit never makes.
          if (ok !== true) throw new AdapterError('slack', 'chat.postMessage', { retryable: true });
          onSent?.(index);
        }
      });
    },
  };
}
