import type { ChannelAdapter } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';

export interface FacebookConfig {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  apiVersion: string;
  apiHost: string;
  log: Logger;
}

export function createFacebookAdapter(_cfg: FacebookConfig): ChannelAdapter {
  throw new Error('the Messenger adapter is being written (issue 3)');
}
