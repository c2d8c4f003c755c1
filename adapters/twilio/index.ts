import type { ChannelAdapter } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** The shop's number, E.164. */
  number: string;
  /** Public URL of POST /webhooks/twilio as Twilio calls it (signatures cover it). */
  webhookUrl: string;
  log: Logger;
}

export function createTwilioAdapter(_cfg: TwilioConfig): ChannelAdapter {
  throw new Error('the Twilio SMS adapter is being written (issue 3)');
}
