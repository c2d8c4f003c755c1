import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { sha256Hex } from '../../src/http/auth.js';

export interface TestAgent {
  name: string;
  role: 'agent' | 'owner';
  /** The plain token; the file holds only its SHA-256. */
  token: string;
  maxConversations?: number;
  /** Telegram user id of the agent's own account (agents on the go). */
  telegram?: string;
  /** The language the bot answers the agent in (zh, es, en). */
  language?: string;
}

/**
 * The example shop written to a temp file with these agents, and any other edits to its YAML text;
 * returns the path, for SHOP_CONFIG.
 */
export function writeShopConfig(opts: { agents?: TestAgent[]; edit?: (yaml: string) => string } = {}): string {
  let yaml = readFileSync(exampleShopConfigPath(), 'utf8');
  if (opts.agents?.length) {
    const lines = opts.agents.map((a) => `  - { name: ${a.name}, role: ${a.role}, tokenSha256: ${sha256Hex(a.token)}${a.maxConversations ? `, maxConversations: ${a.maxConversations}` : ''}${a.telegram ? `, telegram: "${a.telegram}"` : ''}${a.language ? `, language: ${a.language}` : ''} }`);
    yaml = yaml.replace(/^agents: \[\]$/m, `agents:\n${lines.join('\n')}`);
  }
  if (opts.edit) yaml = opts.edit(yaml);
  const path = join(mkdtempSync(join(tmpdir(), 'shopdesk-shop-')), 'shop.yaml');
  writeFileSync(path, yaml);
  return path;
}
