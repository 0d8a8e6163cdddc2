// The second step of a password login. Only an interaction whose first factor is recorded gets
// here; it hands the login back to the pipeline (advance) with amr naming both factors and the level they reach.
//
//   choose ──sms/email──▶ send ──▶ code ──▶ finish
//      ├──totp─────────────────────▶ totp ──▶ finish
//      └──(policy wants totp, none yet)──▶ enrol ──▶ recovery codes ──▶ finish
//           (the account has phone numbers: first a code to one of them, which only proves the
//            person for the binding and counts for nothing else)
import type Router from '@koa/router';
import type { Context } from 'koa';
import { oneTimeCodeEmail, oneTimeCodeSms } from '../../src/notify/index.ts';
import { acceptedFactors, FACTOR_PROOFS } from '../../src/policy/factors.ts';
import { newTotpSecret } from '../../src/security/totp.ts';
import { csrfField } from '../../src/web/forms.ts';
import { bindAuthenticator, confirmFirstCode, enrolmentBody } from './enrolment.ts';
import { useRecoveryCode } from './factors/recovery-code.ts';
import { verifyTotp } from './factors/totp.ts';
import { waitMessage } from '../../src/i18n/wait.ts';
import { failureDelaySeconds, FREE_FAILURES } from '../../src/security/backoff.ts';
import { formField, type InteractionContext, type InteractionServices, type LoginProgress } from '../context.ts';
import { SECOND_FACTORS } from './factors/registry.ts';
import { factorKeys, finishSecondFactor, loadStep, type Step } from './step.ts';
import { factorOptions, type FactorOption, type SentCodeOption } from './options.ts';
import { chooseScreen, codeScreen, enrolAction, enrolScreen, recoveryScreen, totpScreen } from './views.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

export function mountSecondFactor(router: Router, services: InteractionServices): void {
  const base = '/interaction/:uid/second-factor';
  const step = (ctx: Context) => loadStep(ctx, services);

  router.get(base, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    const { options, canEnrolTotp } = await factorOptions(
      services,
      progress.accountId,
      acceptedFactors(interaction.policy.rules),
    );
    if (options.length === 0 && canEnrolTotp && (await mayEnrolAuthenticator(services, interaction, progress))) {
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor/enrol`);
    }
    const proofs = options.length === 0 && canEnrolTotp ? await bindingProofs(services, interaction, progress) : [];
    if (proofs.length > 0) return chooseScreen(ctx, interaction, proofs, undefined, interaction.t('mfa.proveToEnrol'));
    if (options.length === 0) return chooseScreen(ctx, interaction, [], interaction.t('mfa.none'));
    if (options.length === 1 && options[0]!.kind === 'totp') return totpScreen(ctx, interaction);
    if (options.length === 1 && SECOND_FACTORS[options[0]!.kind].mount)
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor/${options[0]!.kind}`);
    chooseScreen(ctx, interaction, options);
  });

  router.post(`${base}/choose`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const { options: accepted } = await factorOptions(
      services,
      progress.accountId,
      acceptedFactors(interaction.policy.rules),
    );
    const options = accepted.length > 0 ? accepted : await bindingProofs(services, interaction, progress);
    const chosen = options.find((option) => option.id === formField(ctx, 'factor'));
    if (!chosen) return chooseScreen(ctx, interaction, options, interaction.t('mfa.choose'));
    if (chosen.kind === 'totp') return totpScreen(ctx, interaction);
    // A factor with a screen of its own (a passkey) takes over there.
    if (chosen.kind !== 'sms' && chosen.kind !== 'email')
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor/${chosen.kind}`);
    await sendCode(ctx, services, { interaction, progress }, chosen, options);
  });

  router.post(`${base}/resend`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const pending = await services.codes.login.pending(interaction.uid);
    const { options: accepted } = await factorOptions(
      services,
      progress.accountId,
      acceptedFactors(interaction.policy.rules),
    );
    const options = accepted.length > 0 ? accepted : await bindingProofs(services, interaction, progress);
    const again = options.find(
      (option): option is SentCodeOption =>
        (option.kind === 'sms' || option.kind === 'email') && option.destination === pending?.destination,
    );
    if (!again) return ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
    await sendCode(ctx, services, { interaction, progress }, again, options);
  });

  router.post(`${base}/code`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const pending = await services.codes.login.pending(interaction.uid);
    // A sent code needs no delay of its own: it dies after a few wrong tries, and sends are limited.
    const minutes = Math.round(services.config.oneTimeCodes.lifetimeSeconds / 60);
    const outcome = await services.codes.login.check(interaction.uid, formField(ctx, 'code') ?? '', progress.accountId);
    // The person has the phone or the inbox: the codes sent so far were theirs, and count no more.
    if (outcome.result === 'accepted') await services.throttle.reset(unusedSendsKey(progress.accountId));
    if (outcome.result === 'accepted' && !acceptedFactors(interaction.policy.rules).includes(outcome.channel)) {
      // A channel this client does not accept: the code proved the person only for the binding.
      await services.progress.markBindingProven(interaction.uid);
      await services.audit.record({
        type: 'login.second_factor',
        outcome: 'success',
        accountId: progress.accountId,
        clientId: interaction.client.clientId,
        ip: interaction.ip,
        detail: { factor: outcome.channel, purpose: 'binding' },
      });
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor/enrol`);
    }
    if (outcome.result === 'accepted')
      return finishSecondFactor(ctx, services, { interaction, progress }, FACTOR_PROOFS[outcome.channel]);
    await failedFactor(services, { interaction, progress }, 'code', outcome.result);
    const error = outcome.result === 'wrong' ? interaction.t('code.wrong') : interaction.t('code.expired');
    codeScreen(ctx, interaction, { destination: pending ? describeDestination(pending) : '', minutes, error });
  });

  router.post(`${base}/totp`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const input = formField(ctx, 'code') ?? '';
    const waitSeconds = await failureWait(services, { interaction, progress });
    if (waitSeconds === 0) {
      if (await verifyTotp(services, progress.accountId, input))
        return finishSecondFactor(ctx, services, { interaction, progress }, FACTOR_PROOFS.totp);
      if (await useRecoveryCode(services, progress.accountId, input))
        return finishSecondFactor(ctx, services, { interaction, progress }, FACTOR_PROOFS.recovery_code);
    }
    // A try while this address must wait is not counted again: the wait does not grow by itself.
    if (waitSeconds > 0) return totpScreen(ctx, interaction, waitMessage(interaction.t, waitSeconds));
    await failedFactor(services, { interaction, progress }, 'totp', 'wrong');
    totpScreen(ctx, interaction, interaction.t('totp.wrong'));
  });

  // Factors with screens of their own (a passkey) add them below the step.
  for (const factor of Object.values(SECOND_FACTORS)) factor.mount?.(router, services);

  router.get(`${base}/enrol`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    if (!(await mayEnrolAuthenticator(services, interaction, progress)))
      return refuseEnrolment(ctx, services, { interaction, progress });
    await showEnrolment(ctx, services, { interaction, progress });
  });

  router.post(`${base}/enrol`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    if (!(await mayEnrolAuthenticator(services, interaction, progress)))
      return refuseEnrolment(ctx, services, { interaction, progress });
    if (!progress.pendingTotp || (await services.secondFactors.authenticator(progress.accountId)))
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
    const firstStep = await confirmFirstCode(progress.pendingTotp, formField(ctx, 'code') ?? '');
    if (firstStep === undefined)
      return showEnrolment(ctx, services, { interaction, progress }, interaction.t('totp.wrong'));
    const codes = await bindAuthenticator(
      services,
      progress.accountId,
      { secret: progress.pendingTotp, step: firstStep },
      { via: 'login', clientId: interaction.client.clientId, ip: interaction.ip },
    );
    recoveryScreen(ctx, interaction, codes);
  });

  router.post(`${base}/done`, async (ctx) => {
    const { interaction, progress } = await step(ctx);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    // Reached only right after enrolment confirmed a code from the new authenticator.
    const authenticator = await services.secondFactors.authenticator(progress.accountId);
    if (!authenticator || !progress.pendingTotp || authenticator.secret !== progress.pendingTotp)
      return ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
    await finishSecondFactor(ctx, services, { interaction, progress }, FACTOR_PROOFS.totp);
  });
}

/**
 * Binding a factor needs a factor: an authenticator may be enrolled only where the client's policy
 * accepts one, on an account without one, and either with no second factor yet (NIST SP 800-63B
 * lets a first factor follow the password on an empty account) or after one of the account's
 * phone numbers was proven in this login. Otherwise a password would make itself a two-factor
 * login, and leave the binder's authenticator on the account.
 */
async function mayEnrolAuthenticator(
  services: InteractionServices,
  interaction: InteractionContext,
  progress: LoginProgress,
): Promise<boolean> {
  if (!acceptedFactors(interaction.policy.rules).includes('totp')) return false;
  if (await services.secondFactors.authenticator(progress.accountId)) return false;
  return (
    progress.bindingProven === true || (await services.secondFactors.phoneNumbers(progress.accountId)).length === 0
  );
}

/** The account's phone numbers, offered only to prove the person before an authenticator is bound. */
async function bindingProofs(
  services: InteractionServices,
  interaction: InteractionContext,
  progress: LoginProgress,
): Promise<FactorOption[]> {
  const accepted = acceptedFactors(interaction.policy.rules);
  if (!accepted.includes('totp') || accepted.includes('sms') || progress.bindingProven) return [];
  if (await services.secondFactors.authenticator(progress.accountId)) return [];
  return (await factorOptions(services, progress.accountId, ['sms'])).options;
}

async function refuseEnrolment(
  ctx: Context,
  services: InteractionServices,
  { interaction, progress }: Step,
): Promise<void> {
  await services.audit.record({
    type: 'totp.enrolled',
    outcome: 'failure',
    accountId: progress.accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { reason: 'not_allowed' },
  });
  ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
}

async function sendCode(
  ctx: Context,
  services: InteractionServices,
  { interaction, progress }: Step,
  option: SentCodeOption,
  options: FactorOption[],
): Promise<void> {
  const rules = services.config.oneTimeCodes;
  const minutes = Math.round(rules.lifetimeSeconds / 60);
  const recent = await services.throttle.state(`otp:resend:${interaction.uid}`);
  if (recent.count > 0 && recent.windowLeftSeconds > 0) {
    return codeScreen(ctx, interaction, {
      destination: option.label,
      minutes,
      notice: interaction.t('code.wait', { seconds: recent.windowLeftSeconds }),
      status: 429,
    });
  }
  // Sends are counted per account and per address, so neither many accounts from one place nor
  // one account from many places can be used to flood phones and inboxes. The account's count is
  // of codes not yet followed by a correct one (finishing clears it); the address limit is
  // generous: a whole office may share one address.
  const hourly = await services.throttle.hit(unusedSendsKey(progress.accountId), 3600);
  const fromAddress = await services.throttle.hit(`otp:sends:ip:${interaction.ip}`, 3600);
  if (hourly.count > rules.sendsPerHour || fromAddress.count > rules.sendsPerHour * 20) {
    await services.audit.record({
      type: 'rate.limited',
      outcome: 'failure',
      accountId: progress.accountId,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { scope: 'code_sends' },
    });
    const forAccount = hourly.count > rules.sendsPerHour;
    const minutes = Math.max(
      1,
      Math.ceil(Math.max(forAccount ? hourly.windowLeftSeconds : 0, fromAddress.windowLeftSeconds) / 60),
    );
    const notice = forAccount
      ? interaction.t('code.sendLimit', { count: rules.sendsPerHour, minutes })
      : interaction.t('code.sendLimitNetwork', { minutes });
    return chooseScreen(ctx, interaction, options, notice);
  }
  await services.throttle.hit(`otp:resend:${interaction.uid}`, rules.resendAfterSeconds);
  const code = await services.codes.login.issue(interaction.uid, {
    accountId: progress.accountId,
    channel: option.kind,
    destination: option.destination,
  });
  const service = interaction.client.clientName ?? interaction.client.clientId;
  const result =
    option.kind === 'sms'
      ? await services.senders.sms!.send({
          to: option.destination,
          sender: interaction.brand?.smsSender,
          body: oneTimeCodeSms(interaction.locale, {
            code,
            minutes,
            service,
            host: new URL(services.config.issuer).hostname,
          }),
        })
      : await services.senders.email!.send({
          to: option.destination,
          senderName: interaction.brand?.emailSenderName,
          ...oneTimeCodeEmail(interaction.locale, { code, minutes, service }),
        });
  await services.audit.record({
    type: 'code.sent',
    outcome: result.ok ? 'success' : 'failure',
    accountId: progress.accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { channel: option.kind, ...(result.ok ? {} : { error: result.error.code }) },
  });
  if (!result.ok) {
    // Nothing reached the person, so nothing to wait for: the other way offered can be taken at once.
    await services.throttle.reset(`otp:resend:${interaction.uid}`);
    return chooseScreen(ctx, interaction, options, interaction.t('code.sendFailed'));
  }
  codeScreen(ctx, interaction, { destination: option.label, minutes });
}

async function showEnrolment(
  ctx: Context,
  services: InteractionServices,
  { interaction, progress }: Step,
  error?: string,
): Promise<void> {
  if (await services.secondFactors.authenticator(progress.accountId))
    return ctx.redirect(`/interaction/${interaction.uid}/second-factor`);
  let secret = progress.pendingTotp;
  if (!secret) {
    secret = newTotpSecret();
    await services.progress.setPendingTotp(interaction.uid, secret);
  }
  const account = await services.accounts.findById(progress.accountId);
  const label =
    account?.identities.find((identity) => identity.type === 'username')?.value ?? account?.email ?? progress.accountId;
  const body = await enrolmentBody(
    services,
    interaction.t,
    { secret, label },
    {
      action: enrolAction(interaction),
      csrf: csrfField(interaction),
      submitLabel: interaction.t('code.submit'),
      error,
    },
  );
  enrolScreen(ctx, interaction, { body, error });
}

/**
 * Wrong second factors slow, then lock, the address they come from (backoff.ts), so someone who
 * has the password cannot lock the owner's second factor; the account as a whole locks only at ten
 * times that, which stops guessing spread over many addresses. The owner is told at the first wait.
 */
const ACCOUNT_WIDE = 10;

/** Seconds this address must still wait before its next try at the account's second factor. */
async function failureWait(services: InteractionServices, { interaction, progress }: Step): Promise<number> {
  const keys = factorKeys(progress.accountId, interaction.ip);
  return Math.max(
    0,
    ...(await services.throttle.states([keys.account, keys.fromHere])).map((state) => state.lockedForSeconds),
  );
}

async function failedFactor(
  services: InteractionServices,
  { interaction, progress }: Step,
  factor: string,
  outcome: string,
): Promise<void> {
  const { lockout } = services.config;
  const keys = factorKeys(progress.accountId, interaction.ip);
  const [account, fromHere] = await Promise.all([
    services.throttle.hit(keys.account, lockout.windowSeconds),
    services.throttle.hit(keys.fromHere, lockout.windowSeconds),
  ]);
  const delaySeconds = failureDelaySeconds(fromHere.count, lockout);
  if (delaySeconds > 0) await services.throttle.lock(keys.fromHere, delaySeconds);
  if (account.count >= lockout.maxFailures * ACCOUNT_WIDE)
    await services.throttle.lock(keys.account, lockout.lockSeconds);
  await services.audit.record({
    type: 'login.second_factor',
    outcome: 'failure',
    accountId: progress.accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: { factor, outcome, failures: fromHere.count, accountFailures: account.count, delaySeconds },
  });
  // Whoever fails here got the password right: the owner should hear of it early.
  if (fromHere.count === FREE_FAILURES + 1 || account.count === FREE_FAILURES + 1) {
    await services.guessingAlerts.tell(progress.accountId, 'second_factor', {
      failures: Math.max(fromHere.count, account.count),
      windowSeconds: lockout.windowSeconds,
      ip: interaction.ip,
    });
  }
}

function describeDestination(pending: { channel: 'sms' | 'email'; destination: string }): string {
  return pending.channel === 'sms'
    ? `…${pending.destination.slice(-2)}`
    : `${pending.destination.slice(0, 1)}…@${pending.destination.split('@')[1] ?? ''}`;
}

/** The throttle key of one account's codes sent and not yet followed by a correct one. */
function unusedSendsKey(accountId: string): string {
  return `otp:sends:${accountId}`;
}
