import type { Flow } from '../../src/engine/flow.js';
import { detectLanguage } from './detect.js';

const START_PAYLOAD = /^\/start(?:@\w+)?(?:\s+\S+)?\s*$/;

/** Answer in the language the buyer writes in, when the shop speaks it; else keep the engine's pick. */
export const language: Flow = {
  id: 'language',
  run(ctx, next) {
    // A deep link's "/start <payload>" (an order link's token) is no language: "o_x-de_9" is not Spanish.
    if (START_PAYLOAD.test(ctx.msg.text)) return next();
    const detected = detectLanguage(ctx.msg.text);
    if (detected && ctx.shop.shop.languages.includes(detected)) ctx.lang = detected;
    return next();
  },
};
