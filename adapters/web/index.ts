import { join } from 'node:path';
import { WebAdapter } from 'botbuilder-adapter-web';
import { rateLimit } from 'express-rate-limit';
import type { WebSocket } from 'ws';
import { packageRoot } from '../../src/config/paths.js';
import { AdapterError } from '../../src/errors.js';
import type { ChannelAdapter, Delivery, GatewayPort, HttpMount } from '../../src/engine/types.js';
import type { Logger } from '../../src/log.js';
import { toInbound, webConversationId } from './normalize.js';
import { ClientFrameSchema, SessionRequestSchema } from './payload.js';
import { toFrames, type ServerFrame } from './render.js';
import { issueVisitorToken, verifyVisitorToken } from './token.js';

export interface WebChatConfig {
  /** Key for visitor tokens; when unset, one is created in the store and shared by all instances. */
  secret?: string;
  log: Logger;
}

export const WEB_SESSION_PATH = '/webhooks/web/session';
export const WEB_SOCKET_PATH = '/webhooks/web/socket';

type VisitorSocket = WebSocket & { visitorId?: string };

/** Botkit's WebAdapter keeps a ping timer it never clears; capture it so close() can. */
function createSocketServer(adapter: WebAdapter, logic: Parameters<WebAdapter['createSocketServer']>[2]): () => void {
  const realSetInterval = globalThis.setInterval;
  let timer: NodeJS.Timeout | undefined;
  globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => (timer = realSetInterval(...args))) as typeof setInterval;
  try {
    adapter.createSocketServer(undefined, { noServer: true, maxPayload: 64 * 1024 }, logic);
  } finally {
    globalThis.setInterval = realSetInterval;
  }
  timer?.unref();
  return () => clearInterval(timer);
}

/**
 * The web chat: a page at `/` and a WebSocket at /webhooks/web/socket, with Botkit's
 * botbuilder-adapter-web turning frames into turns. Wrapped because the adapter trusts the user
 * id the browser sends, drops sends to closed sockets silently and never clears its timer: here
 * the visitor is the one named by a signed token, frames are validated, and replies go straight
 * to the visitor's open sockets (every tab); a visitor who is away gets them from history.
 */
export function createWebAdapter(cfg: WebChatConfig): ChannelAdapter {
  const log = cfg.log.child({ module: 'adapter:web' });
  const botkit = new WebAdapter();
  const sockets = new Map<string, Set<VisitorSocket>>();
  let stopTimer = () => {};
  let stopFanOut = () => {};
  let gatewayPort: GatewayPort | undefined;
  let secret = cfg.secret;

  const sendFrame = (ws: WebSocket, frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };

  return {
    channel: 'web',
    capabilities: { quickReplies: true, contactRequest: false, maxTextLength: 4000 },

    async mount(http: HttpMount, gateway: GatewayPort) {
      secret ??= await gateway.sharedSecret('webchat');
      const key = secret;
      gatewayPort = gateway;
      // Any instance may deliver a reply; the visitor's socket may be on another one. Every
      // instance gets every web delivery and hands it to the sockets it holds.
      stopFanOut = await gateway.onFanOut((delivery) => {
        if (delivery.address.channel !== 'web') return;
        const open = sockets.get(delivery.address.conversationId.slice('web:'.length));
        if (!open?.size) return;
        for (const frame of toFrames(delivery, new Date())) for (const ws of open) sendFrame(ws, frame);
      });

      http.serveFolder('/', join(packageRoot(), 'adapters', 'web', 'public'), { index: 'index.html', maxAge: '5m' });

      // Public and unauthenticated: limit new visitor tokens per IP (per instance).
      const sessionLimit = rateLimit({ windowMs: 60_000, limit: 30, standardHeaders: 'draft-7', legacyHeaders: false, message: { error: 'too many chat sessions from this address; try again in a minute' } });
      http.post(WEB_SESSION_PATH, sessionLimit, (req, res) => {
        const body = SessionRequestSchema.safeParse(req.body ?? {});
        if (!body.success) {
          res.status(400).json({ error: body.error.issues.map((i) => i.message).join('; ') });
          return;
        }
        // A valid token is kept (the same conversation after a reload); anything else starts a new visitor.
        const visitorId = verifyVisitorToken(key, body.data.token);
        res.json(visitorId ? { token: body.data.token, visitorId } : issueVisitorToken(key));
      });

      stopTimer = createSocketServer(botkit, async (turn: { activity: { from: { id: string }; channelData: unknown } }) => {
        const ws = sockets.get(turn.activity.from.id);
        const frame = ClientFrameSchema.parse(turn.activity.channelData); // checked before, see onUpgrade
        const visitorId = turn.activity.from.id;
        const msg = toInbound(frame, visitorId, new Date());
        try {
          await gateway.receive(msg);
          // Acknowledge only once recorded: the page resends unacknowledged messages after a reconnect.
          for (const s of ws ?? []) sendFrame(s, { type: 'ack', id: frame.id });
        } catch (err) {
          log.warn('message not recorded; the page will resend it', { conversationId: msg.address.conversationId, err });
          for (const s of ws ?? []) sendFrame(s, { type: 'error', id: frame.id, reason: 'temporarily unavailable, retrying' });
        }
      });

      http.onUpgrade((req, socket, head) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (url.pathname !== WEB_SOCKET_PATH) return false;
        const visitorId = verifyVisitorToken(key, url.searchParams.get('token'));
        if (!visitorId) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\ninvalid or missing visitor token');
          return true;
        }
        botkit.wss.handleUpgrade(req, socket, head, (ws: VisitorSocket) => {
          ws.visitorId = visitorId;
          const own = sockets.get(visitorId) ?? new Set();
          own.add(ws);
          sockets.set(visitorId, own);
          ws.on('close', () => {
            own.delete(ws);
            if (own.size === 0) sockets.delete(visitorId);
          });
          // Validate each frame and stamp the verified visitor on it before Botkit sees it.
          const emit = ws.emit.bind(ws);
          ws.emit = ((event: string, ...args: unknown[]) => {
            if (event !== 'message') return emit(event, ...args);
            let json: unknown;
            try {
              json = JSON.parse(String(args[0]));
            } catch {
              sendFrame(ws, { type: 'error', reason: 'frames must be JSON' });
              return true;
            }
            const frame = ClientFrameSchema.safeParse(json);
            if (!frame.success) {
              sendFrame(ws, { type: 'error', reason: frame.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ') });
              return true;
            }
            return emit('message', Buffer.from(JSON.stringify({ ...frame.data, user: visitorId })), false);
          }) as typeof ws.emit;
          botkit.wss.emit('connection', ws, req);
          void gateway
            .transcript(webConversationId(visitorId))
            .then((entries) => sendFrame(ws, { type: 'history', messages: entries.map((e) => ({ ...e })) }))
            .catch((err: unknown) => log.warn('history unavailable', { conversationId: webConversationId(visitorId), err }));
        });
        return true;
      });
    },

    async send(delivery: Delivery) {
      // Live to whichever instance holds the visitor's sockets; a visitor who is away gets it from
      // the transcript (history) when they come back, so nothing is lost if nobody is connected.
      try {
        await gatewayPort!.fanOut(delivery);
      } catch (err) {
        throw new AdapterError('web', 'fanOut', { retryable: true, cause: err });
      }
    },

    async close() {
      stopTimer();
      stopFanOut();
      for (const own of sockets.values()) for (const ws of own) ws.terminate();
      botkit.wss?.close();
    },
  };
}
