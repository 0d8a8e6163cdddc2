// Systems under test listen on an ephemeral loopback port: the bench never leaves the machine.
import type { Server } from 'node:http';

export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}
