#!/usr/bin/env node
import { ConfigError } from './engine/errors.js';
import { startGateway } from './main.js';

const USAGE = `usage: shopdesk <command>

commands:
  start     run the gateway (configuration: environment variables, see README)
  help      show this text`;

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
  } else {
    console.error('shopdesk: failed to start:', err);
  }
  process.exit(1);
});
