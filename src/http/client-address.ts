// The person's real address. X-Forwarded-For is believed only when the connection comes from a
// configured proxy, and then only up to the first address that is not itself a trusted proxy.
import type { Context } from 'koa';

export function clientAddress(ctx: Context, trustedProxies: readonly string[]): string {
  const peer = normalise(ctx.req.socket.remoteAddress ?? '');
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = (ctx.get('x-forwarded-for') || '')
    .split(',')
    .map((entry) => normalise(entry.trim()))
    .filter(Boolean);
  for (let index = forwarded.length - 1; index >= 0; index -= 1) {
    const hop = forwarded[index]!;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return forwarded[0] ?? peer;
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
