import type { Flow } from '../../src/engine/flow.js';

const GREETING = /^\s*(hi|hello|hey|good (morning|afternoon|evening)|hola|buenas( tardes| noches)?|buenos días|buenos dias|你好|您好|在吗|在不在|亲[，, ]*在吗?|亲)\s*[!！.。?？~～]*\s*$/iu;

/** `true` when the whole message is a greeting ("hello", "hola", "在吗?"). */
export function isGreeting(text: string): boolean {
  return GREETING.test(text);
}

/** Greet a buyer who says hello, with what the bot can help with. */
export const greeting: Flow = {
  id: 'greeting',
  run(ctx, next) {
    if (!isGreeting(ctx.msg.text)) return next();
    if (ctx.replies.length > 0) return; // an away/busy auto-reply already said hello
    ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.replies.greeting) });
  },
};
