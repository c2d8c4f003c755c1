import type { ChannelAdapter } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Slack Web API base URL, with trailing slash (tests point it at nock). */
  apiRoot: string;
  log: Logger;
}

export function createSlackAdapter(_cfg: SlackConfig): ChannelAdapter {
  throw new Error('the Slack adapter is being written (issue 3)');
}
