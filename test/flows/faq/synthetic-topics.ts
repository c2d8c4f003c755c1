import type { FaqTopic } from '../../../src/config/schema.js';

const SYLLABLES = ['ka', 'lo', 'mi', 'ter', 'van', 'sol', 'pu', 'ren', 'dox', 'fi', 'gra', 'nel', 'qua', 'zor', 'bel', 'tis'];
const HAN = [...'天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈剑号巨阙珠称夜光'];

/** A made-up word for topic `i`, word `k`: deterministic, so runs compare. */
function word(i: number, k: number): string {
  let n = i * 7 + k * 131 + 17;
  let w = '';
  for (let s = 0; s < 3; s++) {
    w += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length) + k + s;
  }
  return w;
}

const han = (i: number, k: number) => HAN[(i * 3 + k) % HAN.length]! + HAN[(i * 5 + k * 7 + 1) % HAN.length]!;

/** `count` synthetic FAQ topics with their own vocabulary in three languages, for scale tests. */
export function syntheticTopics(count: number): FaqTopic[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `synthetic-${i}`,
    questions: {
      en: [`how does the ${word(i, 0)} ${word(i, 1)} work`, `can I get a ${word(i, 2)} with my ${word(i, 1)}`, `is ${word(i, 3)} included in the order`],
      es: [`como funciona el ${word(i, 4)} ${word(i, 5)}`, `puedo tener ${word(i, 6)} con el pedido`],
      zh: [`${han(i, 0)}${han(i, 1)}怎么用`, `可以${han(i, 2)}吗`],
    },
    keywords: { en: [`${word(i, 0)} ${word(i, 1)}`], es: [word(i, 4)], zh: [han(i, 0) + han(i, 1)] },
    answer: { en: `Answer ${i}.` },
    followUps: [],
  }));
}
