import { describe, expect, it } from 'vitest';
import { analyze, fold, phraseView, prepare, stem } from '../../../flows/faq/tokenize.js';

const words = (text: string) => analyze(text).units.map((u) => u.terms[0]);

describe('folding', () => {
  it('drops accents, inverted marks, case and full-width forms', () => {
    expect(fold('¿Cuánto TARDA el envío?').trim()).toBe('cuanto tarda el envio?');
    expect(fold('Ｃａｓｈ ｏｎ ｄｅｌｉｖｅｒｙ')).toBe('cash on delivery');
    expect(fold("what's")).toBe('whats');
  });

  it('makes a question with and without accents the same to matching', () => {
    expect(analyze('¿Hacéis envíos a Canarias?').terms).toEqual(analyze('haceis envios a canarias').terms);
    expect(analyze('Devolución').terms).toEqual(analyze('devolucion').terms);
  });
});

describe('stemming', () => {
  it('meets the forms of one word in English and Spanish', () => {
    expect(new Set(['shipped', 'shipping', 'ships', 'ship'].map(stem))).toEqual(new Set(['ship']));
    expect(new Set(['envíos', 'enviar', 'enviado', 'envío'].map((w) => stem(fold(w))))).toEqual(new Set(['envi']));
    expect(stem('devoluciones')).toBe(stem('devolucion'));
    expect(stem('devuelvo')).toBe(stem('devolver'));
  });
});

describe('Chinese segmentation', () => {
  it('splits a sentence with no spaces into words and drops particles and filler', () => {
    const units = words('亲，请问可以货到付款吗？');
    expect(units).not.toContain('亲');
    expect(units).not.toContain('吗');
    expect(units).not.toContain('请问');
    expect(analyze('可以货到付款吗').terms).toEqual(expect.arrayContaining(['货到', '到付', '付款']));
  });

  it('still finds a word the dictionary splits oddly, through character bigrams', () => {
    // ICU reads 是正品吗 as 是正|品|吗; the bigram 正品 is there all the same.
    expect(prepare('是正品吗').runs[0]!.tokens.map((t) => t.text)).not.toContain('正品');
    expect(analyze('是正品吗').terms).toContain('正品');
  });

  it('tells 亲/哦/呢 apart from the words that carry the question', () => {
    expect(analyze('什么时候发货呢亲').terms).toEqual(expect.arrayContaining(['发货']));
    expect(words('亲在吗')).toEqual([]);
  });

  it('gives synonyms across languages one concept', () => {
    const concepts = (text: string, lang?: string) => analyze(text, lang).terms.filter((t) => t.startsWith('~'));
    expect(concepts('the lid is cracked', 'en')).toContain('~broken');
    expect(concepts('la tapa llegó rajada', 'es')).toContain('~broken');
    expect(concepts('盖子裂了')).toContain('~broken');
    // Spanish "sale" (leaves) is not English "sale".
    expect(concepts('any sales coming up?', 'en')).not.toContain('~ship');
  });
});

describe('phrase view', () => {
  it('keeps stopwords and places, for phrases like "talk to a person"', () => {
    const view = phraseView('Can I talk to a person?');
    expect(view.words.map((w) => w.term)).toEqual(['can', 'i', 'talk', 'to', 'a', 'person']);
    expect(view.folded.slice(view.words[2]!.start, view.words[5]!.end)).toBe('talk to a person');
  });
});
