/** A button under a message posted to an agent (e.g. Claim). */
export interface AgentButton {
  label: string;
  payload: string;
}

/**
 * What the agents' desk needs of a chat platform to talk to agents: post a message (answering
 * one, optionally) and get its id back, and edit a message it posted. Implemented by the channel
 * adapters (adapters/<channel>/agent-chat.ts) and wired by src/main.ts, so src/agents never
 * imports a platform SDK. Calls throw AdapterError on failure.
 */
export interface AgentChat {
  /** Post `text` to chat `chatId` (the platform's id, no channel prefix); resolves with the posted message's id. */
  post(chatId: string, text: string, opts?: { buttons?: AgentButton[]; replyTo?: string; topic?: string }): Promise<string>;
  /** Replace the text of a message posted earlier (its buttons go). */
  edit(chatId: string, messageId: string, text: string): Promise<void>;
  /** Where the platform has forum topics (Telegram groups with topics enabled): one per waiting buyer. */
  topics?: AgentTopics;
}

/** Forum topics of a group (Telegram's createForumTopic, closeForumTopic, reopenForumTopic). */
export interface AgentTopics {
  /** Open a new topic named `name`; resolves with its id, or 'not_forum' when the group has no topics. */
  open(chatId: string, name: string): Promise<string | 'not_forum'>;
  /** Close a topic (closing one already closed is no error). */
  close(chatId: string, topic: string): Promise<void>;
  /** Reopen a topic (one already open is fine); 'gone' when it no longer exists (deleted). */
  reopen(chatId: string, topic: string): Promise<'open' | 'gone'>;
}
