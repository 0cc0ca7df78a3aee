import { Dispatcher, Pool } from 'undici';

/** What the open loops read of an answer: fetch's Response has it too. */
export interface Answer {
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * An HTTP client for the open loops that costs the machine little: undici's request on a pool of
 * kept-alive connections, several times cheaper per request than fetch, whose CPU the services
 * under test would otherwise share on the same two cores. Connections are opened as requests need
 * them, up to `connections`, as fetch's would be.
 */
export function benchHttpClient(origin: string, connections = 512) {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  return {
    async post(path: string, headers: Record<string, string>, body: string): Promise<Answer> {
      return answer(await pool.request({ method: 'POST', path, headers, body }));
    },
    close: () => pool.close(),
  };
}

function answer({ statusCode, body }: Dispatcher.ResponseData): Answer {
  return { status: statusCode, json: () => body.json(), text: () => body.text() };
}
