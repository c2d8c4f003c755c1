import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { type Express, type RequestHandler } from 'express';
import type { FastRouteHandler } from './fast-route.js';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

/** A route's handler, with the request and response of the HTTP layer (express's, bodies parsed, raw bytes kept). */
export type RouteHandler = RequestHandler;

/**
 * What an adapter mounts itself on: routes, a folder of static files, WebSocket upgrades and fast
 * routes. The framework stays here, behind the HTTP layer: adapters never get the app itself.
 */
export interface HttpMount {
  get(path: string, ...handlers: RouteHandler[]): void;
  post(path: string, ...handlers: RouteHandler[]): void;
  /** Serve a folder's files under `path` (the web chat page), `index` for the folder itself. */
  serveFolder(path: string, folder: string, opts: { index: string; maxAge: string }): void;
  /** Register a WebSocket upgrade handler; it returns false when the path is not its own. */
  onUpgrade(handler: UpgradeHandler): void;
  /** Answer `method path` before express (no body parsing done for it): for high-volume webhooks. */
  fastRoute(method: 'POST' | 'GET', path: string, handler: FastRouteHandler): void;
}

/** The mount over the gateway's express app. */
export function mountOn(app: Express, upgrades: UpgradeHandler[], fastRoutes: Map<string, FastRouteHandler>): HttpMount {
  return {
    get: (path, ...handlers) => void app.get(path, ...handlers),
    post: (path, ...handlers) => void app.post(path, ...handlers),
    serveFolder: (path, folder, opts) => void app.use(path, express.static(folder, opts)),
    onUpgrade: (handler) => void upgrades.push(handler),
    fastRoute: (method, path, handler) => void fastRoutes.set(`${method} ${path}`, handler),
  };
}

/** The request and response a route handler gets. */
export type { Request as RouteRequest, Response as RouteResponse } from 'express';
