// /admin/v1/keys: the signing and decryption keys (never their private halves), and rotation.
import type Router from '@koa/router';
import type { AdminState } from './auth.ts';
import { keyView, rotateSigningKeys, type KeyDeskServices } from './key-desk.ts';

/** Said with every rotation, as the command line says it: the new key signs after a restart. */
const TAKES_EFFECT =
  'Rotated. Each instance signs with the new active keys after its next restart; ' +
  'until then it signs with the keys it loaded, which stay published.';

export function mountKeysApi(router: Router, services: KeyDeskServices): void {
  router.get('/keys', async (ctx) => {
    ctx.body = { keys: (await services.keys.list()).map(keyView) };
  });

  router.post('/keys/rotate', async (ctx) => {
    const { keys, retainSeconds } = await rotateSigningKeys(services, (ctx.state as AdminState).adminClient);
    ctx.body = {
      keys: keys.map(keyView),
      retain_seconds: retainSeconds,
      restart_required: true,
      message: TAKES_EFFECT,
    };
  });
}
