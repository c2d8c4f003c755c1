import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { exampleShopConfigPath } from './paths.js';
import { EnvWithChannelsSchema, ShopConfigSchema, type Config, type Env, type ShopConfig } from './schema.js';

type EnvSource = Record<string, string | undefined>;

/** One line per problem, naming the variable or YAML path and what was expected. */
function describe(error: z.ZodError, where: (path: PropertyKey[]) => string): string {
  return error.issues.map((issue) => `  - ${where(issue.path)}: ${issue.message}`).join('\n');
}

/** Parse the environment. Empty strings count as unset, as shells and Docker often pass them. */
export function loadEnv(source: EnvSource = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvWithChannelsSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(`invalid environment:\n${describe(parsed.error, (path) => `${String(path[0])}`)}`);
  }
  return parsed.data;
}

/** Read and validate a shop config YAML file. */
export function loadShopConfig(path: string): ShopConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read shop config ${path} (set SHOP_CONFIG to a readable YAML file): ${(err as Error).message}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(`shop config ${path} is not valid YAML:\n${doc.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  const parsed = ShopConfigSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const where = (p: PropertyKey[]) => (p.length ? p.map(String).join('.') : '(top level)');
    throw new ConfigError(`invalid shop config ${path}:\n${describe(parsed.error, where)}`);
  }
  return parsed.data;
}

/** Parse everything the gateway needs; throws ConfigError naming each bad field. */
export function loadConfig(source: EnvSource = process.env): Config {
  const env = loadEnv(source);
  const shopConfigPath = env.SHOP_CONFIG ? resolve(env.SHOP_CONFIG) : exampleShopConfigPath();
  return { env, shop: loadShopConfig(shopConfigPath), shopConfigPath };
}
