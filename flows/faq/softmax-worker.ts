import { parentPort, workerData } from 'node:worker_threads';
import type { Example } from './ngram-features.js';
import { fit, type SoftmaxOptions } from './softmax-model.js';

/** The worker of train-off-thread.ts: trains on the examples it is given and posts the frozen model back. */
const { examples, opts } = workerData as { examples: Example[]; opts: SoftmaxOptions };
const frozen = fit(examples, opts);
parentPort!.postMessage(frozen, [frozen.bias.buffer, frozen.start.buffer, frozen.frozenClass.buffer, frozen.frozenWeight.buffer] as ArrayBuffer[]);
