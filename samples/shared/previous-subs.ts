// Portvakt's `previous_subs` claim: after an operator merges two profiles of one person, the
// survivor's tokens name the `sub` values it replaced, oldest first. Whatever a portal keeps under
// such a `sub` is stranded there, since no login will carry it again: move it on every login.
import { claimsOf } from './portal.ts';
import type { SignedInUser } from './sessions.ts';

/** Moves what the portal keeps under `previousSub` to `sub`; true when there was something to move. */
export type MoveSubject = (previousSub: string, sub: string) => boolean | Promise<boolean>;

/** The retired `sub` values this login names; trusted as `sub` is, from the ID token or UserInfo. */
export function previousSubs(user: SignedInUser): string[] {
  const value = claimsOf(user).previous_subs;
  if (!Array.isArray(value)) return [];
  return value.filter((sub): sub is string => typeof sub === 'string' && sub !== '' && sub !== user.sub);
}

/**
 * Calls `move` for each retired `sub`, oldest first; true when anything moved. Moving leaves nothing
 * behind, so the next login finds nothing and a portal tells the person only once.
 */
export async function adoptPreviousSubs(user: SignedInUser, move: MoveSubject): Promise<boolean> {
  let moved = false;
  for (const previousSub of previousSubs(user)) moved = (await move(previousSub, user.sub)) || moved;
  return moved;
}
