import { Worker } from 'node:worker_threads';
import type { ShopConfig } from '../../src/config/schema.js';
import type { Example } from './ngram-features.js';
import { knownModel, modelKey, modelOf, rememberModel, type FrozenModel } from './softmax-model.js';
import { trainingExamples } from './training.js';

/** Trainings under way, by model key: a change seen by the poll and by the owner's own save trains once. */
const training = new Map<string, Promise<void>>();

/**
 * Trains the shop's message model in a worker thread, so that an owner's change (a new shop config:
 * new examples, a new model, seconds of work) does not stop this instance answering meanwhile. The
 * model is kept (softmax-model.ts) for the classifier built next for this shop. Rejects if the worker
 * cannot run; the classifier then trains it on this thread when first asked.
 */
export function trainOffThread(shop: ShopConfig): Promise<void> {
  const examples = trainingExamples(shop);
  const { key, opts } = modelKey(examples);
  if (knownModel(key)) return Promise.resolve();
  const running = training.get(key);
  if (running) return running;
  const done = runWorker(examples, opts)
    .then((frozen) => void rememberModel(key, modelOf(frozen)))
    .finally(() => training.delete(key));
  training.set(key, done);
  return done;
}

function runWorker(examples: Example[], opts: object): Promise<FrozenModel> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ examples, opts });
    worker.once('message', (frozen: FrozenModel) => {
      resolve(frozen);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`model training worker exited with code ${code}`)));
  });
}

/** Built, the worker is a .js beside this file; from the sources (tests, tsx), it is loaded through tsx. */
function startWorker(workerData: object): Worker {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new Worker(new URL('./softmax-worker.js', here), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./softmax-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`, { eval: true, workerData });
}
