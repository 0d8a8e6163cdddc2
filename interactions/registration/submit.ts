// A posted registration, in the order the checks run: robots (honeypot, fill time), the fields,
// the hourly limits, then either a new inactive account with its activation e-mail or, when the
// address or identity number is taken, an e-mail to the typed address saying so. Whatever the
// person can act on (a field, a form sent too fast, a limit) re-shows the form with what was typed;
// otherwise the screen is the same "check your e-mail", so it never tells who has an account.
import type { Context } from 'koa';
import type { Locale } from '../../src/config/schema.ts';
import { maskNationalId } from '../../src/accounts/national-id.ts';
import { Registrations } from '../../src/accounts/registration.ts';
import { isPortvaktError } from '../../kernel/errors.ts';
import {
  activationEmail,
  alreadyRegisteredEmail,
  type RegistrationEmailValues,
} from '../../src/notify/registration-emails.ts';
import { formField, type InteractionContext, type InteractionServices } from '../context.ts';
import { checkRegistration, typedValues, type Registration } from './fields.ts';
import { reachedLimit, type LimitReached } from './limits.ts';
import { registrationTexts, type RegistrationText } from './messages.ts';
import { checkStamp, MIN_FILL_MS, signStamp } from './stamp.ts';
import { registrationForm, sentScreen } from './views.ts';

/** The part of the shared services these screens use. */
type SubmitServices = Pick<
  InteractionServices,
  'accounts' | 'audit' | 'codeKey' | 'config' | 'csrfKey' | 'db' | 'logger' | 'senders' | 'throttle'
>;

const HOUR = 3600;
const EID_NAMES = { bankid: 'BankID', freja: 'Freja eID+' } as const;

export async function submitRegistration(
  ctx: Context,
  services: SubmitServices,
  interaction: InteractionContext,
): Promise<void> {
  const text = registrationTexts(interaction.locale);
  const values = typedValues(ctx);
  const stamp = formField(ctx, 'stamp') ?? '';
  const { config } = services;
  const hours = Math.max(1, Math.floor(config.accounts.activationLinkSeconds / HOUR));
  const refuse = async (reason: string, detail: Record<string, unknown> = {}) => {
    await services.audit.record({
      type: 'account.registration_refused',
      outcome: 'failure',
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { reason, ...detail },
    });
  };

  // A robot is told what a person would be told, so it learns nothing about what gave it away.
  if ((formField(ctx, 'hp_note') ?? '') !== '') {
    await refuse('honeypot');
    return sentScreen(ctx, interaction, text, values.email.trim(), hours);
  }
  const fillTime = checkStamp(services.csrfKey, interaction.uid, stamp);
  if (fillTime === 'forged') {
    await refuse('forged_stamp');
    return sentScreen(ctx, interaction, text, values.email.trim(), hours);
  }
  if (fillTime === 'too_fast') {
    // A person (autofill, a quick hand) must not lose a registration to it: asked to send again,
    // with the same stamp, which has aged by then. A robot that waits gets in, as a person would.
    await refuse('too_fast');
    return registrationForm(ctx, interaction, text, config.accounts, { values, stamp, alert: text('error.tooFast') });
  }
  if (fillTime === 'stale') {
    // A person may leave the form open for long; they may send it again at once.
    const fresh = signStamp(services.csrfKey, interaction.uid, Date.now() - MIN_FILL_MS);
    return registrationForm(ctx, interaction, text, config.accounts, {
      values,
      stamp: fresh,
      alert: text('error.stale'),
    });
  }

  const checked = checkRegistration(values, config.accounts, interaction.policy.rules.registrationNationalIds);
  if ('errors' in checked)
    return registrationForm(ctx, interaction, text, config.accounts, { values, errors: checked.errors, stamp });
  const registration = checked.registration;

  const limit = await reachedLimit(services.throttle, config.accounts, interaction.ip, registration.email);
  if (limit) {
    await services.audit.record({
      type: 'rate.limited',
      outcome: 'failure',
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { scope: 'registration', limit: limit.scope },
    });
    ctx.set('Retry-After', String(limit.retryAfterSeconds));
    return registrationForm(ctx, interaction, text, config.accounts, {
      values,
      stamp,
      status: 429,
      alert: limitMessage(text, limit, interaction.locale, registration.timeZone),
    });
  }

  await register(services, interaction, text, registration);
  sentScreen(ctx, interaction, text, registration.email, hours);
}

/** What happened and when to try again, as a clock time in the zone the person chose on the form. */
function limitMessage(text: RegistrationText, limit: LimitReached, locale: Locale, timeZone: string): string {
  // Rounded up to the minute, so the time shown is never a moment too early.
  const open = Math.ceil((Date.now() + limit.retryAfterSeconds * 1000) / 60_000) * 60_000;
  const values = {
    minutes: Math.max(1, Math.ceil(limit.retryAfterSeconds / 60)),
    time: new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      open,
    ),
  };
  return limit.scope === 'address' ? text('error.tooManyFromAddress', values) : text('error.tooManyForEmail', values);
}

async function register(
  services: SubmitServices,
  interaction: InteractionContext,
  text: RegistrationText,
  registration: Registration,
): Promise<void> {
  const registrations = new Registrations(services.db, services.codeKey);
  const holders = await registrations.existingHolders(registration.email, registration.nationalId);
  if (holders.byEmail)
    return alreadyRegistered(
      services,
      interaction,
      text,
      registration,
      holders.byEmail.status === 'inactive' ? holders.byEmail.accountId : undefined,
    );
  // A number someone else may have typed is no reason to answer the typed address differently: it
  // gets the usual account and activation link (the number stays typed, proving nothing), and the
  // account that holds the number verified hears of it at its own address.
  // Not awaited: the answer must take as long whether or not the number has an account.
  if (holders.byPersonalNumber)
    void tellNumberHolder(services, interaction, text, registration).catch((error: unknown) =>
      services.logger.warn({ err: error }, 'number holder not told'),
    );
  let accountId: string;
  try {
    const account = await services.accounts.create({
      status: 'inactive',
      givenName: registration.givenName,
      familyName: registration.familyName,
      email: registration.email,
      emailVerified: false,
      locale: interaction.locale,
      timeZone: registration.timeZone,
      organisation: registration.organisation,
      title: registration.title,
      identities: [
        { type: 'email', issuer: '', value: registration.email, verified: false },
        // Typed, not proven: an eID login with this number proves it later.
        { type: registration.nationalId.type, issuer: '', value: registration.nationalId.value, verified: false },
      ],
    });
    accountId = account.id;
  } catch (error) {
    // Someone registered the same address a moment ago.
    if (!isPortvaktError(error, 'conflict')) throw error;
    return alreadyRegistered(services, interaction, text, registration, undefined);
  }
  const token = await registrations.issueActivation(
    accountId,
    interaction.uid,
    services.config.accounts.activationLinkSeconds,
  );
  const sent = await sendEmail(
    services,
    registration.email,
    activationEmail(interaction.locale, {
      ...emailValues(services, interaction, text, registration),
      link: activationLink(services, token),
    }),
  );
  await services.audit.record({
    type: 'account.registered',
    outcome: 'success',
    accountId,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: {
      email: registration.email,
      personalNumber: registration.nationalId.value,
      organisation: registration.organisation,
      ...sent,
    },
  });
}

/**
 * Nothing is made. The typed address hears that an account exists; when that address's own account
 * still waits for activation, the e-mail carries a new activation link (only the mailbox's owner reads it).
 */
async function alreadyRegistered(
  services: SubmitServices,
  interaction: InteractionContext,
  text: RegistrationText,
  registration: Registration,
  inactiveAccountId: string | undefined,
): Promise<void> {
  const link = inactiveAccountId
    ? activationLink(
        services,
        await new Registrations(services.db, services.codeKey).issueActivation(
          inactiveAccountId,
          interaction.uid,
          services.config.accounts.activationLinkSeconds,
        ),
      )
    : undefined;
  const sent = await sendEmail(
    services,
    registration.email,
    alreadyRegisteredEmail(interaction.locale, { ...emailValues(services, interaction, text, registration), link }),
  );
  await services.audit.record({
    type: 'account.registration_refused',
    outcome: 'failure',
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: {
      reason: 'duplicate_email',
      email: registration.email,
      personalNumber: registration.nationalId.value,
      newActivationLink: link !== undefined,
      ...sent,
    },
  });
}

/** The "you already have an account" notice, to the verified holder of the number, at its own verified address. */
async function tellNumberHolder(
  services: SubmitServices,
  interaction: InteractionContext,
  text: RegistrationText,
  registration: Registration,
): Promise<void> {
  const holder = await services.accounts.findVerifiedHolder(
    registration.nationalId.type,
    registration.nationalId.value,
  );
  const to = holder?.emailVerified ? holder.email : undefined;
  const sent = to
    ? await sendEmail(
        services,
        to,
        alreadyRegisteredEmail(
          (holder!.locale as typeof interaction.locale | null) ?? interaction.locale,
          emailValues(services, interaction, text, registration),
        ),
      )
    : {};
  await services.audit.record({
    type: 'account.registration_refused',
    outcome: 'info',
    accountId: holder?.id,
    clientId: interaction.client.clientId,
    ip: interaction.ip,
    detail: {
      reason: 'duplicate_identity_number',
      personalNumber: registration.nationalId.value,
      holderTold: to !== undefined,
      ...sent,
    },
  });
}

function emailValues(
  services: SubmitServices,
  interaction: InteractionContext,
  text: RegistrationText,
  registration: Registration,
): RegistrationEmailValues {
  const eids = interaction.policy.methods
    .map((method) => method.id)
    .filter((id): id is keyof typeof EID_NAMES => id in EID_NAMES)
    .map((id) => EID_NAMES[id]);
  return {
    name: registration.givenName,
    service: interaction.client.clientName ?? interaction.client.clientId,
    email: registration.email,
    methods: eids.join(` ${text('or')} `),
    maskedNumber: maskNationalId(registration.nationalId.type, registration.nationalId.value),
    hours: Math.max(1, Math.floor(services.config.accounts.activationLinkSeconds / HOUR)),
  };
}

function activationLink(services: SubmitServices, token: string): string {
  return `${services.config.issuer}/activate/${token}`;
}

/** A failed send changes nothing on screen (that would tell who has an account); it is logged and audited. */
async function sendEmail(
  services: SubmitServices,
  to: string,
  email: { subject: string; text: string; html: string },
): Promise<{ emailSent: boolean; error?: string }> {
  const sender = services.senders.email;
  if (!sender) {
    services.logger.warn('self-registration needs an e-mail sender; none is configured');
    return { emailSent: false, error: 'no_email_sender' };
  }
  const result = await sender.send({ to, ...email });
  if (result.ok) return { emailSent: true };
  services.logger.warn({ code: result.error.code }, 'a registration e-mail could not be sent');
  return { emailSent: false, error: result.error.code };
}
