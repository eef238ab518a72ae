import { once } from 'node:events';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

export interface LoopbackServer {
  url: string;
  stop(): Promise<void>;
}

export type LoopbackHandler = (request: IncomingMessage, body: string, response: ServerResponse) => unknown;

/** A real HTTP server on 127.0.0.1 (a free port) whose every answer the test writes itself. */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void handler(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Writes a JSON answer, or an RFC 9457 problem when `body` has a `code`. */
export function answerJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const problem = typeof body === 'object' && body !== null && 'code' in body;
  response.writeHead(status, {
    'content-type': problem ? 'application/problem+json' : 'application/json',
    ...headers,
  });
  response.end(JSON.stringify(body));
}
