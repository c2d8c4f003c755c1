import type { Flow } from '../src/engine/flow.js';
import { fallback } from './fallback/index.js';
import { greeting } from './greeting/index.js';
import { language } from './language/index.js';

/**
 * THE ORDER, and it is policy: each flow either answers and stops, or calls `next()`.
 * 1. language  picks the reply language from the buyer's text (never answers).
 * 2. greeting  answers "hello" / "在吗?" / "hola".
 * 3. fallback  answers what nothing else did, without guessing.
 * The flows issue inserts handoff, contact, away, busy and faq between 1 and 3.
 */
export const flows: readonly Flow[] = [language, greeting, fallback];
