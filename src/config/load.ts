import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { describeIssues, parseEnv, type EnvSchemas, type EnvSettings, type EnvSource } from './env.js';
import { exampleShopConfigPath } from './paths.js';
import { EnvSchema, ShopConfigSchema, type Config, type ShopConfig } from './schema.js';

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
    throw new ConfigError(`invalid shop config ${path}:\n${describeIssues(parsed.error, where)}`);
  }
  return parsed.data;
}

/**
 * Parse everything the gateway needs; throws ConfigError naming each bad field. `channels` are the
 * schemas of the settings the gateway does not own (the channels', from the composition root): their
 * variables are checked together with the gateway's, so one error lists every bad variable.
 */
export function loadConfig(source?: EnvSource): Config;
export function loadConfig<S extends EnvSchemas>(source: EnvSource, channels: S): Config & { channels: EnvSettings<S> };
export function loadConfig(source: EnvSource = process.env, channels: EnvSchemas = {}): Config & { channels: EnvSettings<EnvSchemas> } {
  const { gateway: env, ...settings } = parseEnv({ gateway: EnvSchema, ...channels }, source);
  const shopConfigPath = env.SHOP_CONFIG ? resolve(env.SHOP_CONFIG) : exampleShopConfigPath();
  return { env, shop: loadShopConfig(shopConfigPath), shopConfigPath, channels: settings };
}
