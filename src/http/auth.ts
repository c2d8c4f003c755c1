import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Agent } from '../config/schema.js';

/** Hex SHA-256 of a token: what the shop config stores instead of the token. */
export const sha256Hex = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The agent whose token this is, comparing hashes in constant time. */
export function agentForToken(agents: readonly Agent[], token: string): Agent | undefined {
  const given = Buffer.from(sha256Hex(token), 'hex');
  let found: Agent | undefined;
  for (const agent of agents) {
    // Compare against every agent, so the time taken does not tell which one matched.
    if (timingSafeEqual(given, Buffer.from(agent.tokenSha256, 'hex')) && !found) found = agent;
  }
  return found;
}

export type Role = Agent['role'];

/** The authenticated agent of a request (set by `requireRole`). */
export function agentOf(res: Response): Agent {
  return res.locals.agent as Agent;
}

/**
 * `Authorization: Bearer <token>` of an agent from the shop config: 401 without a valid token,
 * 403 when the agent's role may not do this. Owners may do everything agents may.
 */
export function requireRole(agents: () => readonly Agent[], role: Role) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const agent = match ? agentForToken(agents(), match[1]!) : undefined;
    if (!agent) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'a valid agent token is required (Authorization: Bearer <token>)' });
      return;
    }
    if (role === 'owner' && agent.role !== 'owner') {
      res.status(403).json({ error: 'only an owner may do this' });
      return;
    }
    res.locals.agent = agent;
    next();
  };
}
