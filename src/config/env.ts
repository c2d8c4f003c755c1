import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Reading settings from environment variables. The gateway's own schema lives in schema.ts; each
 * channel owns its schema (adapters/<channel>/settings.ts) and the composition root hands them in,
 * so every variable is parsed by exactly one schema while one error still lists every bad variable.
 */

export type EnvSource = Record<string, string | undefined>;

/** Schemas that each read their own variables from the same environment, by name. */
export type EnvSchemas = Record<string, z.ZodType>;

/** What the schemas of `S` parsed, by the same names. */
export type EnvSettings<S extends EnvSchemas> = { [K in keyof S]: z.output<S[K]> };

/** One line per problem, naming the variable or YAML path and what was expected. */
export function describeIssues(error: z.ZodError, where: (path: PropertyKey[]) => string): string {
  return error.issues.map((issue) => `  - ${where(issue.path)}: ${issue.message}`).join('\n');
}

/** Empty strings count as unset, as shells and Docker often pass them. */
function presentVariables(source: EnvSource): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** Parse the environment with every schema; throws one ConfigError naming each bad variable of all of them. */
export function parseEnv<S extends EnvSchemas>(schemas: S, source: EnvSource = process.env): EnvSettings<S> {
  const present = presentVariables(source);
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const parsed = schema.safeParse(present);
    if (parsed.success) settings[name] = parsed.data;
    else problems.push(describeIssues(parsed.error, (path) => String(path[0])));
  }
  if (problems.length > 0) throw new ConfigError(`invalid environment:\n${problems.join('\n')}`);
  return settings as EnvSettings<S>;
}

/**
 * Reports each of the variables named in `reasons` that is unset as "required <reason>"; true when
 * all are set. A channel turned on by one of its variables uses it to refuse being half-configured.
 */
export function requireVariables<T extends object, K extends keyof T & string>(env: T, ctx: z.RefinementCtx, reasons: Record<K, string>): env is T & { [P in K]-?: NonNullable<T[P]> } {
  const missing = (Object.keys(reasons) as K[]).filter((name) => !env[name]);
  for (const name of missing) ctx.addIssue({ code: 'custom', path: [name], message: `required ${reasons[name]}` });
  return missing.length === 0;
}
