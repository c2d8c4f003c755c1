import type { Agent, ShopConfig } from '../config/schema.js';

/** Channels where agents can work from their chat accounts. */
export type AgentChannel = 'telegram' | 'slack';

/** The agent (or owner) whose chat account on `channel` is `userId`, if any (shop config `agents[].telegram` / `.slack`). */
export function agentAt(shop: ShopConfig, channel: string, userId: string): Agent | undefined {
  if (channel !== 'telegram' && channel !== 'slack') return undefined;
  return shop.agents.find((a) => a[channel] === userId);
}

/** The language the bot answers this agent in: their own setting, else the shop's default. */
export function agentLanguage(shop: ShopConfig, agent: Agent): string {
  return agent.language ?? shop.shop.defaultLanguage;
}

/** Agents with an account on `channel`. */
export function agentsOn(shop: ShopConfig, channel: AgentChannel): Agent[] {
  return shop.agents.filter((a) => a[channel] !== undefined);
}
