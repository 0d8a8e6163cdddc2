// Completing an invitation once an eID proved the person, whichever service proved it (BankID or
// Freja in eid.ts, an upstream issuer that verifies the number in upstream.ts): the level the policy
// asks for, then the account holding the verified number gets the invited address, or a new one is
// made with the number verified, and the invitation is accepted in the same transaction. The proof
// goes on to the service's next login, after the details step where the policy asks for one.
import type { Context } from 'koa';
import { addInvitedEmail, insertInvitedAccount } from '../../src/accounts/invitations.ts';
import type { NationalIdType } from '../../src/accounts/resolve.ts';
import type { Account } from '../../src/accounts/types.ts';
import { PortvaktError, isPortvaktError } from '../../kernel/errors.ts';
import { reaches } from '../../src/policy/resolve.ts';
import type { Acr, Amr } from '../../src/provider/vocabulary.ts';
import type { InteractionServices } from '../context.ts';
import { handOffProof, proofAuditType, type ProofMethod } from '../proof-handoff.ts';
import { invitationRepository, refusalScreen, unbindBrowser, type InvitationPage } from './context.ts';
import { askForDetails } from './details.ts';
import { showEidChoice } from './eid-choice.ts';
import { readyScreen } from './views.ts';

type AcceptanceServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'codeKey' | 'config' | 'csrfKey' | 'db' | 'eid' | 'provider' | 'sealer'
>;

/** What an eID proved about the invited person. */
export interface EidProof {
  method: ProofMethod;
  nationalId: { type: NationalIdType; value: string };
  givenName?: string | undefined;
  familyName?: string | undefined;
  acr: Acr;
  amr: Amr[];
  /** What the service proved, kept with the account's audit event (a signature, an issuer and subject). */
  evidence: Record<string, unknown>;
}

export async function acceptWithEid(
  ctx: Context,
  services: AcceptanceServices,
  view: InvitationPage,
  proof: EidProof,
): Promise<void> {
  const { invitation, page, text } = view;
  const audit = { clientId: invitation.clientId ?? undefined, ip: page.ip };
  const refused = (reason: string, detail: Record<string, unknown> = {}) =>
    services.audit.record({
      ...audit,
      type: proofAuditType(proof.method),
      outcome: 'failure',
      detail: { method: proof.method, reason, invitation: invitation.id, ...detail },
    });
  if (view.policy.minimumAcr && !reaches(proof.acr, view.policy.minimumAcr)) {
    await refused('acr_too_low', { acr: proof.acr });
    return showEidChoice(ctx, services, view, text('eidRefused'));
  }
  const holder = await verifiedHolder(services, proof.nationalId);
  let accountId: string;
  try {
    accountId = await linkOrCreate(services, view, proof, holder);
  } catch (error) {
    if (!isPortvaktError(error, 'interaction_expired') && !isPortvaktError(error, 'conflict')) throw error;
    await refused(error.code);
    const conflict = error.code === 'conflict';
    return refusalScreen(ctx, view, conflict ? text('eidRefused') : text('unusable'), conflict ? 409 : 410);
  }
  await recordAccepted(services, view, proof, accountId, holder !== undefined);
  finish(ctx, services, view, proof, accountId);
}

async function recordAccepted(
  services: AcceptanceServices,
  view: InvitationPage,
  proof: EidProof,
  accountId: string,
  linked: boolean,
): Promise<void> {
  const { invitation, page } = view;
  const audit = { clientId: invitation.clientId ?? undefined, ip: page.ip, outcome: 'success', accountId } as const;
  await services.audit.record({
    ...audit,
    type: linked ? 'account.linked' : 'account.created',
    detail: { via: 'invitation', method: proof.method, invitation: invitation.id, ...proof.evidence },
  });
  await services.audit.record({
    ...audit,
    type: 'invitation.accepted',
    detail: { invitation: invitation.id, completion: 'eid', method: proof.method, linked },
  });
}

/** The account that holds the number verified; one that only typed it proves nothing. */
async function verifiedHolder(
  services: AcceptanceServices,
  nationalId: EidProof['nationalId'],
): Promise<Account | undefined> {
  const { type, value } = nationalId;
  return (await services.accounts.findAllByIdentity(type, value)).find((account) =>
    account.identities.some((identity) => identity.type === type && identity.value === value && identity.verified),
  );
}

/** The holder with the invited address added, or a new account; accepted in the same transaction. */
async function linkOrCreate(
  services: AcceptanceServices,
  view: InvitationPage,
  proof: EidProof,
  holder: Account | undefined,
): Promise<string> {
  const { invitation } = view;
  const emailFree = !(await services.accounts.findByIdentity('email', invitation.email));
  const repository = invitationRepository(services);
  return repository.transaction(async (tx) => {
    const id = holder
      ? (await addInvitedEmail(tx, holder.id, invitation.email), holder.id)
      : await insertInvitedAccount(tx, {
          email: invitation.email,
          givenName: proof.givenName,
          familyName: proof.familyName,
          organisation: invitation.organisation ?? undefined,
          identities: [
            ...(emailFree ? [{ type: 'email' as const, issuer: '', value: invitation.email, verified: true }] : []),
            { type: proof.nationalId.type, issuer: '', value: proof.nationalId.value, verified: true },
          ],
        });
    if (!(await repository.accept(tx, invitation.id, id)))
      throw new PortvaktError('interaction_expired', 'The invitation was used meanwhile.');
    return id;
  });
}

function finish(
  ctx: Context,
  services: AcceptanceServices,
  view: InvitationPage,
  proof: EidProof,
  accountId: string,
): void {
  const { invitation } = view;
  unbindBrowser(ctx);
  // The eID just proved the person: the service's next login in this browser needs nothing more.
  const handOff = invitation.clientId
    ? { clientId: invitation.clientId, method: proof.method, acr: proof.acr, amr: proof.amr }
    : undefined;
  if (view.policy.invitationDetails.length > 0)
    return askForDetails(ctx, services, { invitationId: invitation.id, accountId, proof: handOff });
  if (handOff) handOffProof(ctx, services, { ...handOff, accountId });
  readyScreen(ctx, view, [], { provenHere: handOff !== undefined });
}
