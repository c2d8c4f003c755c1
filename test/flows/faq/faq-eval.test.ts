import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createClassifier } from '../../../flows/faq/classifier.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';

/**
 * The FAQ classifier measured on buyer questions in three languages (test/flows/faq-*.yaml):
 * - faq-eval: the set the thresholds were calibrated on; the bar of the task (≥ 95 % of topic
 *   questions answered with the right topic in the buyer's language, ≤ 5 % of off-topic ones
 *   given an FAQ answer);
 * - faq-holdout: written after calibration, checked while improving the matcher;
 * - faq-fresh: written last and measured once, the honest estimate on unseen questions.
 * None of them copies the example shop's questions.
 */
interface EvalSet {
  topics: Record<string, string[]>;
  offTopic: string[];
  intents?: Record<string, string[]>;
}

const shop = loadShopConfig(exampleShopConfigPath());
const classify = createClassifier(shop);
const topicIds = new Set(shop.faq.map((t) => t.id));
const LANGS = ['en', 'es', 'zh'] as const;
const load = (name: string, lang: string) => parse(readFileSync(new URL(`./${name}.${lang}.yaml`, import.meta.url), 'utf8')) as EvalSet;

interface Score {
  topics: number;
  topicsRight: number;
  offTopic: number;
  offTopicAnswered: number;
  intents: number;
  intentsRight: number;
  misses: string[];
}

function measure(set: EvalSet, lang: string): Score {
  const score: Score = { topics: 0, topicsRight: 0, offTopic: 0, offTopicAnswered: 0, intents: 0, intentsRight: 0, misses: [] };
  for (const [topic, questions] of Object.entries(set.topics)) {
    for (const q of questions) {
      const got = classify(q);
      score.topics++;
      if (got.intent === topic && got.lang === lang) score.topicsRight++;
      else score.misses.push(`${topic} → ${got.intent}/${got.lang}: ${q}`);
    }
  }
  for (const q of set.offTopic) {
    const got = classify(q);
    score.offTopic++;
    if (topicIds.has(got.intent)) {
      score.offTopicAnswered++;
      score.misses.push(`off-topic → ${got.intent}: ${q}`);
    }
  }
  for (const [intent, messages] of Object.entries(set.intents ?? {})) {
    for (const m of messages) {
      score.intents++;
      if (classify(m).intent === intent) score.intentsRight++;
      else score.misses.push(`${intent} → ${classify(m).intent}: ${m}`);
    }
  }
  return score;
}

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');
const report: string[] = [];

function run(name: string): Record<string, Score> & { all: Score } {
  const byLang = Object.fromEntries(LANGS.map((lang) => [lang, measure(load(name, lang), lang)])) as Record<string, Score>;
  const all = Object.values(byLang).reduce<Score>(
    (a, s) => ({
      topics: a.topics + s.topics,
      topicsRight: a.topicsRight + s.topicsRight,
      offTopic: a.offTopic + s.offTopic,
      offTopicAnswered: a.offTopicAnswered + s.offTopicAnswered,
      intents: a.intents + s.intents,
      intentsRight: a.intentsRight + s.intentsRight,
      misses: [...a.misses, ...s.misses],
    }),
    { topics: 0, topicsRight: 0, offTopic: 0, offTopicAnswered: 0, intents: 0, intentsRight: 0, misses: [] },
  );
  for (const [lang, s] of [...Object.entries(byLang), ['all', all] as const]) {
    report.push(
      `${name.padEnd(12)} ${lang.padEnd(4)} topics ${pct(s.topicsRight, s.topics).padStart(6)} (${s.topicsRight}/${s.topics})` +
        `  off-topic answered ${pct(s.offTopicAnswered, s.offTopic).padStart(6)} (${s.offTopicAnswered}/${s.offTopic})` +
        (s.intents ? `  intents ${pct(s.intentsRight, s.intents)} (${s.intentsRight}/${s.intents})` : ''),
    );
  }
  return { ...byLang, all };
}

afterAll(() => {
  console.log(`FAQ classifier evaluation\n${report.join('\n')}`);
});

describe('FAQ evaluation', () => {
  it('covers every topic in three languages with enough questions', () => {
    for (const lang of LANGS) {
      const set = load('faq-eval', lang);
      expect(Object.keys(set.topics).sort()).toEqual([...topicIds].sort());
      expect(Object.values(set.topics).flat().length).toBeGreaterThanOrEqual(50);
      expect(set.offTopic.length).toBeGreaterThanOrEqual(15);
      // None is a copy of an example the shop gives.
      const examples = new Set(shop.faq.flatMap((t) => Object.values(t.questions).flat()).map((q) => q.toLowerCase()));
      for (const q of Object.values(set.topics).flat()) expect(examples.has(q.toLowerCase()), q).toBe(false);
    }
  });

  it('answers ≥ 95% of topic questions right and ≤ 5% of off-topic ones with an FAQ answer', () => {
    const { all } = run('faq-eval');
    expect(all.topicsRight / all.topics, all.misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(all.offTopicAnswered / all.offTopic, all.misses.join('\n')).toBeLessThanOrEqual(0.05);
    expect(all.intentsRight / all.intents, all.misses.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps its level on the holdout and fresh sets (written apart from the config and its examples)', () => {
    const sets = ['faq-holdout', 'faq-fresh'].map((name) => ({ name, all: run(name).all }));
    for (const { name, all } of sets) {
      // Floors below the measured figures (README), to catch a regression, not to flatter.
      expect(all.topicsRight / all.topics, `${name}\n${all.misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
    }
    // Off-topic over both (60 messages): the fresh set's 24 alone move 4% a message, and one question
    // asked in three languages ("do you ship live plants", read as shipping) is 12.5% of it.
    const off = sets.reduce((n, { all }) => n + all.offTopic, 0);
    const answered = sets.reduce((n, { all }) => n + all.offTopicAnswered, 0);
    expect(answered / off, sets.flatMap(({ all }) => all.misses).join('\n')).toBeLessThanOrEqual(0.1);
  });
});
