import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/config/paths.js';

const root = packageRoot();

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) return name === 'public' || name === 'console' ? [] : sources(relative(root, path));
    return name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

/** Every module a file imports, as written. */
function imports(file: string): string[] {
  return [...readFileSync(join(root, file), 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

const files = [...sources('src'), ...sources('adapters'), ...sources('flows')];

describe('architecture: who may import what', () => {
  it('keeps the engine, store, http and config free of channels and flows (only the composition root wires them)', () => {
    const offenders = sources('src')
      .filter((f) => !['src/main.ts', 'src/cli.ts'].includes(f)) // the two entry points wire the rest
      .flatMap((f) => imports(f).filter((m) => /\/(adapters|flows)\//.test(m)).map((m) => `${f} -> ${m}`));
    expect(offenders).toEqual([]);
  });

  it('keeps platform SDKs inside their own adapter folder', () => {
    const sdk = /^(telegraf|botbuilder|botbuilder-adapter-[a-z-]+|botkit|@slack\/.*|twilio)(\/|$)/;
    const offenders = files.flatMap((f) =>
      imports(f)
        .filter((m) => sdk.test(m))
        .filter((m) => {
          const channel = m.startsWith('telegraf') ? 'telegram' : m.includes('slack') ? 'slack' : m.includes('facebook') ? 'facebook' : m.includes('twilio') ? 'twilio' : m.includes('web') ? 'web' : '*';
          return channel === '*' ? !f.startsWith('adapters/') : !f.startsWith(`adapters/${channel}/`);
        })
        .map((m) => `${f} -> ${m}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lets only the store talk to Redis', () => {
    const offenders = files.flatMap((f) => imports(f).filter((m) => m === 'ioredis' && !f.startsWith('src/store/')).map((m) => `${f} -> ${m}`));
    expect(offenders).toEqual([]);
  });

  it('builds Redis keys in one module only', () => {
    const offenders = files.filter((f) => f !== 'src/store/keys.ts' && /['"`]gw:|\{gw\}/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps source files readable in one sitting (about 400 lines, the console modules too); the ones listed are being split (#14) and may only shrink', () => {
    const splitting: Record<string, number> = {};
    const all = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((name) => {
        const path = join(root, dir, name);
        if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : all(relative(root, path));
        return /\.(ts|js)$/.test(name) ? [relative(root, path)] : [];
      });
    const long = ['src', 'adapters', 'flows']
      .flatMap(all)
      .map((f) => [f, readFileSync(join(root, f), 'utf8').split('\n').length - 1] as const)
      .filter(([f, lines]) => lines > (splitting[f] ?? 420))
      .map(([f, lines]) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('mirrors flows/ in test/flows/: one test folder per flow folder', () => {
    const folders = (dir: string) => readdirSync(join(root, dir)).filter((n) => statSync(join(root, dir, n)).isDirectory());
    const flowFolders = new Set(folders('flows'));
    expect(folders('test/flows').filter((f) => !flowFolders.has(f))).toEqual([]);
    expect(readdirSync(join(root, 'test/flows')).filter((n) => !statSync(join(root, 'test/flows', n)).isDirectory())).toEqual([]);
  });

  it('keeps the console to its own modules: type-checked, importing only each other (they are served as they are), typed by the server', () => {
    const folder = 'src/http/console';
    const scripts = (dir: string): string[] =>
      readdirSync(join(root, dir)).flatMap((name) => {
        const path = join(root, dir, name);
        if (statSync(path).isDirectory()) return scripts(relative(root, path));
        return name.endsWith('.js') ? [relative(root, path)] : [];
      });
    const files = scripts(folder);
    expect(files).toContain('src/http/console/console.js');
    expect(files.filter((f) => !readFileSync(join(root, f), 'utf8').startsWith('// @ts-check'))).toEqual([]);
    const outside = files.flatMap((f) => imports(f).filter((m) => !m.startsWith('.') || !join(f, '..', m).startsWith(`${folder}/`)).map((m) => `${f} -> ${m}`));
    expect(outside).toEqual([]);
    // JSDoc types may come from the server, from its one file of API shapes only (types are erased; nothing is fetched).
    const types = files.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/import\(['"]([^'"]+)['"]\)/g)].map((m) => join(f, '..', m[1]!)).filter((p) => !p.startsWith(`${folder}/`)).map((p) => `${f} -> ${p}`));
    expect(types.filter((t) => !t.endsWith('-> src/http/api-types.js'))).toEqual([]);
  });
});
