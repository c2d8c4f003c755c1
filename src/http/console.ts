import { join } from 'node:path';
import express, { type Express } from 'express';
import { packageRoot } from '../config/paths.js';

/**
 * Serve the agents' console (plain HTML, CSS and ES modules; no build step) at /console.
 * The page only talks to this gateway's /api, so a strict Content-Security-Policy costs nothing and
 * keeps buyer text from ever running as script, even if a bug put it into the page as HTML.
 */
export function mountConsole(app: Express): void {
  const folder = join(packageRoot(), 'src', 'http', 'console');
  app.use(
    '/console',
    (_req, res, next) => {
      res.set({
        'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      next();
    },
    // The entry and its modules must come from the same release: a module cached from the previous one
    // could miss an export the new entry imports. So the browser revalidates each (a 304 when unchanged).
    express.static(folder, { index: 'index.html', maxAge: 0 }),
  );
}
