import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../flows/faq/classifier.js';
import { fit, knownModel, modelKey, modelOf } from '../../../flows/faq/softmax-model.js';
import { trainOffThread } from '../../../flows/faq/train-off-thread.js';
import { trainingExamples } from '../../../flows/faq/training.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';

/**
 * An owner's change means a new model (seconds of training): trained in a worker thread, the instance
 * keeps answering meanwhile, and the model the worker sends back reads messages exactly as one trained here.
 */
const example = loadShopConfig(exampleShopConfigPath());
// A shop just taught a new topic: its examples differ from the example shop's, so no model of it is known yet.
const taught = { ...example, faq: [...example.faq, { id: 'giftwrap', questions: { en: ['do you gift wrap?', 'can you wrap it as a present'] }, keywords: {}, answer: { en: 'Yes, free gift wrap.' }, followUps: [] }] };
const messages = ['can you wrap it as a gift for my mum', 'cod?', '货到付款可以吗', '¿hacen envíos a Lima?', 'what is 17 times 23', 'hola', 'where is my parcel SF1234567890'];

describe('the FAQ model trained off the event loop', () => {
  it('lets this thread run while it trains, then serves the new shop without training again', async () => {
    const { key } = modelKey(trainingExamples(taught));
    expect(knownModel(key)).toBeUndefined();
    let loopTurned = false;
    setImmediate(() => (loopTurned = true));
    let turnedBeforeTrained: boolean | undefined;
    await trainOffThread(taught).then(() => (turnedBeforeTrained = loopTurned));
    // Trained on this thread, the promise would have settled before the event loop's next turn.
    expect(turnedBeforeTrained).toBe(true);
    const model = knownModel(key);
    expect(model).toBeDefined();
    // The worker's model is the one the classifier uses, and it reads as one trained here does.
    const here = modelOf(fit(trainingExamples(taught), modelKey([]).opts));
    for (const m of messages) expect(model!.rank(m, 5), m).toEqual(here.rank(m, 5));
    expect(createClassifier(taught)('Do you gift-wrap').intent).toBe('giftwrap');
    expect(knownModel(key)).toBe(model);
  });

  it('trains a change once when the poll and the owner\'s save both ask for it', async () => {
    const again = { ...taught, faq: [...taught.faq.slice(0, -1), { ...taught.faq.at(-1)!, questions: { en: ['gift wrapping?'] } }] };
    const first = trainOffThread(again);
    const second = trainOffThread(again);
    expect(second).toBe(first);
    await first;
    expect(knownModel(modelKey(trainingExamples(again)).key)).toBeDefined();
  });
});
