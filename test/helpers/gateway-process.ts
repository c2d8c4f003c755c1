import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './gateway.js';
import { freePort } from './redis-server.js';

export interface GatewayProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** Everything the process wrote to stderr (its log). */
  log(): string;
  /** SIGKILL: no goodbye, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The real `shopdesk start` in its own process, ready when /readyz says so (within a minute: it trains
 * the FAQ model first, seconds alone and more with the rest of the suite beside it): from the TypeScript
 * source (tests), or from the build (`built`, as in production: benchmarks).
 */
export async function startGatewayProcess(env: Record<string, string>, port?: number, opts: { built?: boolean } = {}): Promise<GatewayProcess> {
  const p = port ?? (await freePort());
  const args = opts.built ? ['dist/src/cli.js', 'start'] : ['--import', 'tsx', 'src/cli.ts', 'start'];
  const proc = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(p), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${p}`;
  await eventually(async () => {
    if (proc.exitCode !== null) throw new Error(`gateway exited ${proc.exitCode}: ${stderr}`);
    return (await fetch(`${url}/readyz`)).status === 200;
  }, 60_000, 'gateway process ready');
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    url,
    port: p,
    proc,
    log: () => stderr,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      proc.kill('SIGTERM');
      return exited;
    },
  };
}
