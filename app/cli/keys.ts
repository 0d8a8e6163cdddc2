// `portvakt keys …`: list signing keys and rotate them. A rotation takes effect on each instance
// at its next start; the promoted key was already published, so nothing breaks in between.
import { PortvaktError } from '../../kernel/errors.ts';
import type { PortvaktApp } from '../server.ts';
import type { Config } from '../../src/config/schema.ts';
import { rotateSigningKeys } from '../../src/admin/key-desk.ts';
import type { Output } from './output.ts';

export async function keysCommand(
  portvakt: PortvaktApp,
  action: string | undefined,
  config: Config,
  out: Output,
): Promise<void> {
  switch (action) {
    case 'list':
      return out.table((await portvakt.keys.list()) as unknown as Record<string, unknown>[], [
        'kid',
        'alg',
        'state',
        'createdAt',
        'expiresAt',
      ]);
    case 'rotate': {
      const { keys } = await rotateSigningKeys({ config, keys: portvakt.keys, audit: portvakt.audit }, 'cli');
      return out.print(
        keys,
        () =>
          `Rotated. Restart each instance to sign with the new active keys.\n${keys.map((key) => `${key.alg} ${key.state.padEnd(7)} ${key.kid}`).join('\n')}`,
      );
    }
    default:
      throw new PortvaktError('invalid_input', 'Usage: portvakt keys rotate|list');
  }
}
