import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mountConsole } from '../../src/http/console.js';

const app = express();
mountConsole(app);
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

describe('agent console files', () => {
  it('serves the entry and its modules as JavaScript, under the same strict Content-Security-Policy', async () => {
    for (const path of ['/console/console.js', '/console/modules/conversation.js', '/console/modules/api.js']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(/^(text|application)\/javascript/);
      expect(res.headers['content-security-policy'], path).toBe(CSP);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['cache-control'], path).toMatch(/max-age=0/); // the entry and its modules from one release
    }
  });

  it('serves nothing from outside the console folder, however the path is spelled', async () => {
    for (const path of ['/console/../http/api.ts', '/console/modules/%2e%2e/%2e%2e/api-types.ts', '/console/modules/..%2f..%2fapi.ts', '/console/%2e%2e/%2e%2e/%2e%2e/package.json', '/console/modules/%2e%2e%2f%2e%2e%2fconsole.ts']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.text, path).not.toMatch(/import type|"name": "shopdesk"/);
    }
  });
});
