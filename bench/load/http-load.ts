// One request shape, many times: autocannon drives a single endpoint for a fixed time. Every
// response's latency is recorded here (for p95); any status outside 2xx counts as an error.
import autocannon from 'autocannon';
import { Latencies, type LoadResult } from './latency.ts';

export interface HttpLoad {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** One body per connection, used round-robin: a pool of tokens spread over the connections. */
  bodies?: string[];
}

export async function runHttpLoad(load: HttpLoad, seconds: number, connections: number): Promise<LoadResult> {
  const latencies = new Latencies();
  let connection = 0;
  const bodies = load.bodies;
  const started = performance.now();
  const instance = autocannon({
    url: load.url,
    method: load.method,
    headers: load.headers ?? {},
    connections,
    duration: seconds,
    timeout: 30,
    ...(bodies?.length
      ? { body: bodies[0], setupClient: (client) => client.setBody(bodies[connection++ % bodies.length]!) }
      : {}),
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.add(responseTime));
  const result = await instance;
  return {
    completed: result.requests.total - result.non2xx,
    errors: result.non2xx + result.errors + result.timeouts,
    seconds: Math.min(result.duration, (performance.now() - started) / 1000),
    latency: latencies.summary(),
  };
}
