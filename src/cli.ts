#!/usr/bin/env node
import { ConfigError } from './errors.js';
import { statusCommand, tokenCommand } from './commands.js';
import { loadConfig } from './config/load.js';
import { ChannelSettingsSchemas } from '../adapters/settings.js';
import { effectiveStatus } from '../flows/away/status.js';
import { runClassify } from '../flows/faq/classify-command.js';
import { startGateway } from './main.js';
import { insightsCommand } from './insights/command.js';

const USAGE = `usage: shopdesk <command>

commands:
  start                      run the gateway (configuration: environment variables, see README)
  status                     show the shop's status
  status online|busy|away [--until TIME] [--message TEXT]
                             set it for every instance (TIME: 18:00, 2h, 30m or ISO 8601)
  status clear               back to business hours
  classify                   read buyer messages on stdin (one per line), write one JSON line each:
                             {"text","lang","intent","score","contact"} (uses SHOP_CONFIG)
  insights                   the last 7 days as a table: conversations, how many the bot handled alone,
                             handoffs and why, reply and wait times (REDIS_URL, or SHOPDESK_TOKEN)
  token [NAME] [--role agent|owner]
                             make an agent token and the shop config line with its hash
  help                       show this text`;

async function start(): Promise<void> {
  const gateway = await startGateway();
  let signals = 0;
  const stop = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second signal: stop now
    gateway.log.info(`${signal} received: finishing work in hand`);
    void gateway.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help'] = argv;
  switch (command) {
    case 'start':
      return start();
    case 'status':
      return statusCommand(argv.slice(1), process.env, (line) => console.log(line), effectiveStatus);
    case 'classify': {
      // The same loading as the gateway's (main.ts), so classify reads exactly what the gateway would.
      const config = loadConfig(process.env, ChannelSettingsSchemas);
      return runClassify(process.stdin, process.stdout, config.shop, config.env.REDIS_URL);
    }
    case 'insights':
      return insightsCommand(process.env, (line) => console.log(line));
    case 'token':
      return tokenCommand(argv.slice(1), (line) => console.log(line));
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`shopdesk: configuration error\n${err.message}`);
  } else if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`shopdesk: ${err.message}\n\n${USAGE}`);
  } else {
    console.error('shopdesk: failed to start:', err);
  }
  process.exit(1);
});
