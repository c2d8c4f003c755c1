import type { Flow } from '../../src/engine/flow.js';
import { detectLanguage } from './detect.js';

/** Answer in the language the buyer writes in, when the shop speaks it; else keep the engine's pick. */
export const language: Flow = {
  id: 'language',
  run(ctx, next) {
    const detected = detectLanguage(ctx.msg.text);
    if (detected && ctx.shop.shop.languages.includes(detected)) ctx.lang = detected;
    return next();
  },
};
