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
  post(chatId: string, text: string, opts?: { buttons?: AgentButton[]; replyTo?: string }): Promise<string>;
  /** Replace the text of a message posted earlier (its buttons go). */
  edit(chatId: string, messageId: string, text: string): Promise<void>;
}
