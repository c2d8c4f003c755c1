import { TwilioAdapter } from 'botbuilder-adapter-twilio-sms';
import { ConfigError } from '../../src/engine/errors.js';

/** BotBuilder's reference type, reached through Botkit's own signature (botbuilder is not our direct dependency). */
type Reference = Parameters<TwilioAdapter['continueConversation']>[0];

/** Sends SMS through Botkit's TwilioAdapter. */
export interface BotkitTwilio {
  /**
   * Send one SMS to `to` (E.164) from the shop's number; resolves with the Message SID Twilio
   * gave it, and rejects with the twilio client's own error (RestException) when Twilio refuses.
   */
  sendSms(to: string, body: string): Promise<string | undefined>;
}

/**
 * Botkit's TwilioAdapter, kept at the edge: only its outbound half is used. A turn from
 * `continueConversation` gives the reply activity, Botkit's `sendActivities` turns it into
 * Messages.json (From = the shop's number, To = the conversation) through the twilio client it
 * owns (HTTP Basic auth with the account SID and auth token, 30 s timeout), and a refusal reaches
 * us as the client's error: `sendActivities` does not swallow it, and no `onTurnError` is set.
 *
 * Its inbound half (`processActivity`) is never called: it runs Botkit's own signature check,
 * whose validation URL has an operator-precedence bug, answers failures with 400, and has no way
 * to say "not recorded, retry" (index.ts verifies and records requests itself).
 */
export function createBotkitTwilio(opts: { accountSid: string; authToken: string; number: string }): BotkitTwilio {
  let botkit: TwilioAdapter;
  try {
    botkit = new TwilioAdapter({ twilio_number: opts.number, account_sid: opts.accountSid, auth_token: opts.authToken });
  } catch (err) {
    throw new ConfigError(`Twilio adapter could not start: ${err instanceof Error ? err.message : String(err)} (check TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_NUMBER)`, { cause: err });
  }
  return {
    async sendSms(to, body) {
      let sid: string | undefined;
      // What Botkit reads of a ConversationReference: the conversation id is the buyer's number.
      const reference = { channelId: 'twilio-sms', conversation: { id: to }, user: { id: to }, bot: { id: opts.number } } as Reference;
      await botkit.continueConversation(reference, async (turn) => {
        sid = (await turn.sendActivity({ type: 'message', text: body }))?.id;
      });
      return sid;
    },
  };
}
