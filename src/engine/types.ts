import type { RateLimit } from './pacer.js';
import type { HttpMount } from '../http/mount.js';
import type { ReplyWindow } from './reply-window.js';

/** Channels the gateway speaks. The engine never branches on these; only adapters do. */
export type ChannelId = 'telegram' | 'slack' | 'facebook' | 'twilio' | 'web' | 'line' | 'whatsapp';

/** JSON-safe value, for adapter-owned references the engine stores but never reads. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Conversation key, `<channel>:<platform id>`: the unit of ordering and of session state. */
export type ConversationId = `${ChannelId}:${string}`;

/** Where a reply goes. `ref` belongs to the adapter (e.g. a BotBuilder ConversationReference). */
export interface Address {
  channel: ChannelId;
  conversationId: ConversationId;
  ref?: Json;
}

/** Contact details a buyer shared with a platform button (Telegram's contact card and the like). */
export interface SharedContact {
  phone?: string;
  name?: string;
  email?: string;
}

export interface Attachment {
  type: 'image' | 'audio' | 'video' | 'file' | 'sticker' | 'location';
  url?: string;
  /** Platform file id when there is no public URL (Telegram). */
  fileId?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * One buyer message, normalized. Every field is JSON-safe so the message can be recorded
 * in Redis before the webhook is answered.
 */
export interface InboundMessage {
  /** Platform message id, unique per channel: the dedupe key. */
  id: string;
  address: Address;
  sender: { id: string; name?: string };
  /** Text typed by the buyer, or the label of the button they pressed. */
  text: string;
  /** Set when the buyer pressed a button: the button's payload. */
  postback?: string;
  contact?: SharedContact;
  attachments: Attachment[];
  /** ISO 8601 time the gateway received it. */
  receivedAt: string;
  /** Platform id of the message this one replies to, where the platform says (an agent answering a relayed message). */
  replyTo?: string;
  /** The forum topic the message was written in, in a group with topics (Telegram's message_thread_id): the agents' desk finds a buyer by it. */
  topic?: string;
  /** Buyer's language as the platform reports it (e.g. Telegram's `language_code`). */
  languageHint?: string;
  /**
   * Written in a channel's thread without addressing the bot (Slack `message.channels`): only the
   * agents' desk reads these (its shared channel, src/agents); the engine leaves them alone.
   */
  aside?: true;
  /** Set on messages the gateway makes itself (not typed by the buyer): nobody took the handoff in time, or an agent asked for the buyer's contact details. */
  event?: 'handoff_timeout' | 'ask_contact';
}

/** Payload of the "talk to a person" button, wherever it is offered. */
export const HUMAN_PAYLOAD = 'human';

export interface QuickReply {
  label: string;
  payload: string;
}

/** One reply the engine asks a channel to deliver. */
export type OutboundReply =
  | { kind: 'text'; text: string; quickReplies?: QuickReply[] }
  /** Ask the buyer to share their phone number with the platform's own button, where there is one. */
  | { kind: 'contact_request'; text: string }
  /**
   * A photo or file an agent sent from their chat, passed on by the platform's own file id, with
   * `text` as its caption. Only the channel the id belongs to (`file.channel`) can send the file;
   * the agents' desk refuses it for other buyers, and any other channel sends just the caption.
   */
  | { kind: 'file'; text: string; file: OutboundFile };

/** A file an agent sent, as their platform knows it: Telegram's file_id of a photo or a document. */
export interface OutboundFile {
  type: 'photo' | 'document';
  channel: ChannelId;
  fileId: string;
}

/** A delivery: the replies of one turn, in order, to one address. */
export interface Delivery {
  /** Unique per delivery; lets a channel (and the web page) drop a repeat. */
  id: string;
  address: Address;
  replies: OutboundReply[];
  /** Who speaks: the bot (default) or an agent, for channels that show the difference. */
  from?: 'bot' | 'agent';
  /** A message sent outside the channel's reply window: the platform's pre-approved template (e.g. WhatsApp) to send instead of the text, with its parameters. */
  template?: { name: string; language: string; parameters: string[] };
}

export interface ChannelCapabilities {
  quickReplies: boolean;
  contactRequest: boolean;
  maxTextLength: number;
  /** A buyer's queued, unsent text answers may go out as one message (joined with a blank line, within maxTextLength). */
  mergeTexts?: boolean;
  /** The platform's sending limits; the engine spaces deliveries to keep within them. */
  rateLimit?: RateLimit;
  /** The platform accepts free-form messages only so long after the buyer's last one (WhatsApp, Messenger). */
  replyWindow?: ReplyWindow;
}

/** Result of recording an inbound message: a webhook answers 2xx only on these. */
export type IngestResult = 'accepted' | 'duplicate' | 'throttled';

/** What a transcript line shows: who spoke and what. */
export interface TranscriptEntry {
  /** Delivery or message id, so a client can drop what it already shows. */
  id: string;
  from: 'buyer' | 'bot' | 'agent';
  text: string;
  at: string;
  quickReplies?: QuickReply[];
}

/** The narrow port an adapter gets from the gateway: it never sees the engine itself. */
export interface GatewayPort {
  /** Record the message durably; resolves once it is safe to acknowledge the platform. */
  receive(msg: InboundMessage): Promise<IngestResult>;
  /** The conversation so far, oldest first (for a web visitor coming back). */
  transcript(conversationId: ConversationId): Promise<TranscriptEntry[]>;
  /** A secret shared by every gateway instance, created on first use. */
  sharedSecret(name: string): Promise<string>;
  /** The buyer blocked the bot (or the platform says they are gone): stop delivering until they write again. */
  markUnreachable(conversationId: ConversationId): Promise<void>;
  /**
   * The buyer edited an earlier message (`messageId`, in its conversation): never a new turn. A
   * message still waiting is processed with the new text; one already answered gets its transcript
   * line updated. 'unknown': nothing of it is kept. Rejects (answer 503) when it cannot be applied yet.
   * Optional only so that test ports need not implement it; the engine's port always has it.
   */
  editMessage?(conversationId: ConversationId, messageId: string, text: string): Promise<'updated' | 'unknown'>;
  /** Give a delivery to every gateway instance: for buyers connected to one of them by a socket. */
  fanOut(delivery: Delivery): Promise<void>;
  /** Deliveries fanned out by any instance (this one included). */
  onFanOut(handler: (delivery: Delivery) => void): Promise<() => void>;
}

/** What an adapter mounts its routes on: the HTTP layer's (src/http/mount.ts), so the framework stays behind it. */
export type { HttpMount, UpgradeHandler } from '../http/mount.js';

/**
 * A channel adapter: platform payloads in, platform API calls out.
 *
 * @example
 * const adapter: ChannelAdapter = createWebAdapter(config.web);
 * await adapter.mount(http, gateway);          // routes under /webhooks/web
 * await adapter.send({ id, address, replies }); // throws AdapterError on failure
 */
export interface ChannelAdapter {
  readonly channel: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Mount webhook routes. Verify, call `gateway.receive` per message, answer 2xx only once it resolved. */
  mount(http: HttpMount, gateway: GatewayPort): Promise<void> | void;
  /** Deliver one turn's replies in order. Throw AdapterError on failure; never log-and-swallow. */
  send(delivery: Delivery): Promise<void>;
  close?(): Promise<void>;
  /** Whether the channel can deliver at all (e.g. false once the shop's app token was revoked), for /readyz. */
  health?(): ChannelHealth;
}

/** A channel's own state, as /readyz shows it: down means an operator must act, not the buyer. */
export interface ChannelHealth {
  up: boolean;
  reason?: string;
}
