import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'winston';
import { mountOn, type HttpMount, type UpgradeHandler } from './mount.js';
import { sendJson, type FastRouteHandler } from './fast-route.js';
import { bodyParsers } from './raw-body.js';

/** What `/readyz` reports. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
  /** Channels that are down, with the reason (they do not make the instance unready: another instance would not do better). */
  channelsDown?: Record<string, string>;
}

export interface HttpServer {
  app: Express;
  server: Server;
  mount: HttpMount;
  /** Add the final handlers (404, errors); call after every route is mounted. */
  seal(): void;
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /** Stop accepting connections and close idle ones. */
  close(): Promise<void>;
}

/**
 * The one express app: health and readiness, then whatever adapters and the API mount.
 * WebSocket upgrades are handed to the first handler that claims the path.
 */
export function createHttpServer(opts: { log: Logger; readiness: () => Promise<Readiness> }): HttpServer {
  const log = opts.log.child({ module: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(...bodyParsers());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await opts.readiness().catch(() => ({ ready: false, checks: {} }));
    const down = 'channelsDown' in r && r.channelsDown && Object.keys(r.channelsDown).length ? { channelsDown: r.channelsDown } : {};
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', checks: r.checks, ...down });
  });

  // Fast routes are looked up by method and path before express sees the request.
  const fastRoutes = new Map<string, FastRouteHandler>();
  const server = createServer((req, res) => {
    const query = req.url?.indexOf('?') ?? -1;
    const handler = fastRoutes.get(`${req.method} ${query === -1 ? req.url : req.url!.slice(0, query)}`);
    if (!handler) return void app(req, res);
    handler(req, res).catch((err: unknown) => {
      log.error('request failed', { err, path: req.url });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  const upgradeHandlers: UpgradeHandler[] = [];
  server.on('upgrade', (req, socket, head) => {
    if (!upgradeHandlers.some((handle) => handle(req, socket, head))) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  return {
    app,
    server,
    mount: mountOn(app, upgradeHandlers, fastRoutes),
    seal() {
      app.use((_req, res) => {
        res.status(404).json({ error: 'not found' });
      });
      const onError: ErrorRequestHandler = (err: { status?: number; type?: string; message?: string }, req, res, _next) => {
        const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
        if (status === 500) log.error('request failed', { err, path: req.path });
        else log.debug('request refused', { status, path: req.path, reason: err.type ?? err.message });
        if (res.headersSent) return;
        const reason = status === 413 ? 'request body too large' : status === 400 ? `malformed request body: ${err.message ?? ''}` : status === 500 ? 'internal error' : (err.message ?? 'refused');
        res.status(status).json({ error: reason });
      };
      app.use(onError);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve({ port: typeof address === 'object' && address ? address.port : port, host });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Keep-alive connections get a moment to finish their request, then are cut.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
    },
  };
}
