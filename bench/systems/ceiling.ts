// The runner's side of argon2-ceiling.ts: one measurement in a fresh child process.
import { fork } from 'node:child_process';
import type { CeilingReply, CeilingRequest } from './argon2-ceiling.ts';
import { pinnedForkOptions } from './cores.ts';

const ENTRY = new URL('./argon2-ceiling.ts', import.meta.url);

/** `cores`: the same cores the systems under test run on, so the ceiling has the same machine. */
export function measureCeiling(request: CeilingRequest, cores?: string): Promise<CeilingReply> {
  return new Promise((resolve, reject) => {
    const child = fork(ENTRY, [], { ...pinnedForkOptions(cores), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: CeilingReply | undefined;
    child.once('message', (message: CeilingReply) => (reply = message));
    child.once('error', reject);
    child.once('exit', (code) =>
      reply ? resolve(reply) : reject(new Error(`the argon2id measurement exited with code ${code} and no result`)),
    );
    child.send(request);
  });
}
