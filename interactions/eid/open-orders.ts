// The eID orders a login left open when it ends (finished another way, or abandoned), or when the
// person went back to the chooser: each is cancelled at its service, so no app is left asking the
// person to approve a login they have left.
import type { InteractionContext, InteractionServices } from '../context.ts';

/** The part of the shared services these screens use. */
type OpenOrderServices = Pick<InteractionServices, 'audit' | 'eid' | 'eidOrders' | 'logger'>;

export async function cancelOpenOrders(
  services: OpenOrderServices,
  interaction: InteractionContext,
  by: 'login_ended' | 'back_to_chooser' = 'login_ended',
): Promise<void> {
  const drivers = Object.values(services.eid);
  if (drivers.length === 0) return;
  for (const order of await services.eidOrders.cancelPending(interaction.uid)) {
    const driver = drivers.find((candidate) => candidate.id === order.method);
    await driver
      ?.cancel(order)
      .catch((error: unknown) =>
        services.logger.warn({ err: error, method: order.method }, 'cancel at the eID service failed'),
      );
    await services.audit.record({
      type: 'login.eid',
      outcome: 'info',
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { method: order.method, cancelled: true, by },
    });
  }
}
