import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted anywhere, in bytes; bigger ones get 413. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * A route answered straight from Node's HTTP server, before express: for the busiest webhooks,
 * where express's router, body parsers and static file lookups cost more than the work itself.
 * The handler owns the request: it reads the body and always answers.
 */
export type FastRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Why a body could not be read, as the status and reason to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The whole request body, at most `limit` bytes (413 beyond, without reading the rest into memory). */
export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding !== 'identity') return reject(new BodyError(415, `content-encoding ${encoding} is not accepted`));
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(new BodyError(413, 'request body too large'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyError(413, 'request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', (err) => reject(new BodyError(400, `request body not received: ${err.message}`)));
  });
}

/** The body parsed as JSON; a BodyError (400) names what is wrong with it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw new BodyError(400, `malformed request body: ${(err as Error).message}`);
  }
}

/** Answer with a JSON body; extra headers (e.g. Retry-After) as given. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}
