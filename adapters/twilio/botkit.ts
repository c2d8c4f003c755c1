import { TwilioAdapter } from 'botbuilder-adapter-twilio-sms';
import { ConfigError } from '../../src/errors.js';

/** BotBuilder's reference type, reached through Botkit's own signature (botbuilder is not our direct dependency). */
type Reference = Parameters<TwilioAdapter['continueConversation']>[0];

/** Where Twilio's REST API lives unless TWILIO_API_ROOT says otherwise. */
export const DEFAULT_TWILIO_API_ROOT = 'https://api.twilio.com';

/** Sends messages through Botkit's TwilioAdapter. */
export interface BotkitTwilio {
  /**
   * Send one message to `to` (E.164, or `whatsapp:+…`) from `from` (the shop's number, or its
   * `whatsapp:` sender); resolves with the Message SID Twilio gave it, and rejects with the twilio
   * client's own error (RestException) when Twilio refuses.
   */
  sendSms(to: string, body: string, from: string): Promise<string | undefined>;
}

/** What the twilio client inside Botkit's adapter exposes for its HTTP calls (the adapter keeps it in `api`). */
interface TwilioHttp {
  api?: { httpClient?: { request(opts: { uri: string }): Promise<unknown> } };
}

/**
 * Point the twilio client's requests at `apiRoot`: each request's `https://api.twilio.com` origin
 * is swapped for the configured one (path kept). The twilio client has no base URL option, and
 * Botkit makes the client itself, so the swap is done on the client's own request function.
 */
function rebase(botkit: TwilioAdapter, apiRoot: string): void {
  const root = apiRoot.replace(/\/+$/, '');
  if (root === DEFAULT_TWILIO_API_ROOT) return;
  const http = (botkit as unknown as TwilioHttp).api?.httpClient;
  if (!http) throw new ConfigError('Twilio adapter could not use TWILIO_API_ROOT: the twilio client has no httpClient');
  const request = http.request.bind(http);
  http.request = (opts) => {
    const uri = new URL(opts.uri);
    return request({ ...opts, uri: `${root}${uri.pathname}${uri.search}` });
  };
}

/**
 * Botkit's TwilioAdapter, kept at the edge: only its outbound half is used. A turn from
 * `continueConversation` gives the reply activity, Botkit's `sendActivities` turns it into
 * Messages.json (From = the adapter's number, To = the conversation) through the twilio client it
 * owns (HTTP Basic auth with the account SID and auth token, 30 s timeout), and a refusal reaches
 * us as the client's error: `sendActivities` does not swallow it, and no `onTurnError` is set.
 * Botkit fixes From per adapter, so there is one adapter per sender (the SMS number, a WhatsApp sender).
 *
 * Its inbound half (`processActivity`) is never called: it runs Botkit's own signature check,
 * whose validation URL has an operator-precedence bug, answers failures with 400, and has no way
 * to say "not recorded, retry" (index.ts verifies and records requests itself).
 */
export function createBotkitTwilio(opts: { accountSid: string; authToken: string; number: string; apiRoot?: string }): BotkitTwilio {
  const senders = new Map<string, TwilioAdapter>();
  function adapterFor(from: string): TwilioAdapter {
    let botkit = senders.get(from);
    if (botkit) return botkit;
    try {
      botkit = new TwilioAdapter({ twilio_number: from, account_sid: opts.accountSid, auth_token: opts.authToken });
    } catch (err) {
      throw new ConfigError(`Twilio adapter could not start: ${err instanceof Error ? err.message : String(err)} (check TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_NUMBER)`, { cause: err });
    }
    rebase(botkit, opts.apiRoot ?? DEFAULT_TWILIO_API_ROOT);
    senders.set(from, botkit);
    return botkit;
  }
  adapterFor(opts.number); // bad credentials stop start-up, not the first reply
  return {
    async sendSms(to, body, from) {
      let sid: string | undefined;
      // What Botkit reads of a ConversationReference: the conversation id is the buyer's address.
      const reference = { channelId: 'twilio-sms', conversation: { id: to }, user: { id: to }, bot: { id: from } } as Reference;
      await adapterFor(from).continueConversation(reference, async (turn) => {
        sid = (await turn.sendActivity({ type: 'message', text: body }))?.id;
      });
      return sid;
    },
  };
}
