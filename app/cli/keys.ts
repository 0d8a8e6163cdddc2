// `portvakt keys …`: list signing keys and rotate them. A rotation takes effect on each instance
// at its next start; the promoted key was already published, so nothing breaks in between.
import { PortvaktError } from '../../kernel/errors.ts';
import type { PortvaktApp } from '../server.ts';
import type { Config } from '../../src/config/schema.ts';
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
      // A retired key stays published for as long as anything it signed can still be checked.
      const retain = Math.max(config.ttl.idToken, config.ttl.accessToken, config.ttl.session) + 300;
      await portvakt.keys.rotate(retain);
      await portvakt.audit.record({ type: 'keys.rotated', outcome: 'success', detail: { retainSeconds: retain } });
      const keys = await portvakt.keys.list();
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
