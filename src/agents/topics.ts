import type { ConversationId } from '../engine/types.js';
import type { DeskDeps } from './announce.js';
import { chatKey, placeKey, sharedPlace, type AgentPlace } from './places.js';

/** How long one instance may take to create a topic before another may try. */
const CREATING_SECONDS = 60;
/** An instance that lost the race to create a buyer's topic looks for the winner's this often, this many times. */
const WAIT_MS = 100;
const WAIT_TRIES = 50;

/**
 * Forum topics in the shared Telegram group: each waiting buyer gets one topic, named
 * "<buyer> · <channel>", that holds their brief, Claim, what they write and the agents' answers.
 * The topic is kept in the desk store, so every instance uses the same one and exactly one is
 * created per buyer (a mark reserves the creation); it is closed when the conversation is closed
 * and reopened when the buyer waits again. A group without topics is remembered, and the desk
 * works there as before (replies to the announcement).
 */
export function createTopics(deps: Pick<DeskDeps, 'desk' | 'chats' | 'shop'>) {
  const { desk } = deps;
  const notForum = (key: string) => `not-forum:${key}`;

  /** The buyer's topic in `place`, reopened, or a new one; undefined: post in the group itself. */
  async function topicFor(place: AgentPlace, conversationId: ConversationId, name: string): Promise<string | undefined> {
    const topics = deps.chats[place.channel]?.topics;
    if (place.agent || !topics) return undefined;
    const key = chatKey(place);
    if (await desk.isMarked(notForum(key))) return undefined;
    const known = await desk.topicOf(key, conversationId);
    if (known && (await topics.reopen(place.chatId, known)) === 'open') return linked(place, known, conversationId);
    // Whoever sets this mark creates the topic; another instance waits for the one it saves.
    const creating = `topic:${key}:${conversationId}:${known ?? 'new'}`;
    if (!(await desk.once(creating, CREATING_SECONDS))) return waitForTopic(key, conversationId, known);
    try {
      const made = await topics.open(place.chatId, name);
      if (made === 'not_forum') {
        await desk.once(notForum(key));
        return undefined;
      }
      await desk.saveTopic(key, conversationId, made);
      return linked(place, made, conversationId);
    } catch (err) {
      await desk.forget(creating);
      throw err;
    }
  }

  /** Writing in the topic (not only replying to its messages) is about its buyer: the topic is linked like a message. */
  async function linked(place: AgentPlace, topic: string, conversationId: ConversationId): Promise<string> {
    await desk.link(placeKey(place), topic, conversationId);
    return topic;
  }

  async function waitForTopic(key: string, conversationId: ConversationId, stale: string | undefined): Promise<string | undefined> {
    for (let i = 0; i < WAIT_TRIES; i++) {
      await new Promise((r) => setTimeout(r, WAIT_MS));
      const topic = await desk.topicOf(key, conversationId);
      if (topic && topic !== stale) return topic;
    }
    return undefined;
  }

  /** The buyer's topic in the shared Telegram group, if they have one (open or closed). */
  async function topicOf(conversationId: ConversationId): Promise<{ place: AgentPlace; topic: string } | undefined> {
    const place = sharedPlace(deps.shop(), 'telegram');
    if (!place || !deps.chats.telegram?.topics) return undefined;
    const topic = await desk.topicOf(chatKey(place), conversationId);
    return topic ? { place, topic } : undefined;
  }

  return {
    topicFor,
    topicOf,
    /** The conversation was closed: so is its topic (it opens again if the buyer waits again). */
    async close(conversationId: ConversationId): Promise<void> {
      const found = await topicOf(conversationId);
      if (found) await deps.chats.telegram!.topics!.close(found.place.chatId, found.topic);
    },
  };
}

export type Topics = ReturnType<typeof createTopics>;
