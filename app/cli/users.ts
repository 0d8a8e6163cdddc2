// `portvakt users …`: operators create accounts, set passwords and list who exists.
import { readFileSync } from 'node:fs';
import { endAccountSessions } from '../../adapters/account-sessions.ts';
import { maskPersonalNumber } from '../../src/accounts/personnummer.ts';
import { brokenRules } from '../../src/accounts/password-policy.ts';
import { MESSAGES } from '../../src/i18n/messages.ts';
import type { Identity } from '../../src/accounts/types.ts';
import { loginSubjectKey, secondFactorKey } from '../../src/security/throttle.ts';
import { maskPhoneNumber, normalisePhoneNumber } from '../../src/notify/index.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import type { PortvaktApp } from '../server.ts';
import type { Output } from './output.ts';

export interface UsersArgs {
  action: string | undefined;
  username: string | undefined;
  /** The phone number for add-phone and remove-phone. */
  extra?: string | undefined;
  values: {
    email?: string | undefined;
    'given-name'?: string | undefined;
    'family-name'?: string | undefined;
    'password-stdin'?: boolean | undefined;
  };
  minLength: number;
  maxLength: number;
}

export async function usersCommand(portvakt: PortvaktApp, args: UsersArgs, out: Output): Promise<void> {
  switch (args.action) {
    case 'add': {
      const username = requireUsername(args);
      const password = args.values['password-stdin'] ? readPassword(args) : undefined;
      const identities: Identity[] = [{ type: 'username', issuer: '', value: username, verified: true }];
      if (args.values.email) identities.push({ type: 'email', issuer: '', value: args.values.email, verified: false });
      const account = await portvakt.accounts.create(
        {
          givenName: args.values['given-name'],
          familyName: args.values['family-name'],
          email: args.values.email,
          identities,
        },
        password ? await portvakt.passwords.hash(password) : undefined,
      );
      await portvakt.audit.record({
        type: 'account.created',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli' },
      });
      return out.print(
        { id: account.id, username },
        () => `Created ${username} (${account.id})${password ? '' : '; set a password with users set-password'}.`,
      );
    }
    case 'set-password': {
      const username = requireUsername(args);
      const account = await portvakt.accounts.findByLoginName(username);
      if (!account) throw new PortvaktError('not_found', `No user ${username}.`);
      await portvakt.accounts.setPassword(account.id, await portvakt.passwords.hash(readPassword(args)));
      // A new password from the operator usually answers "someone else has it": end what it opened.
      const { revoked } = await endAccountSessions(portvakt.db, account.id);
      await portvakt.audit.record({
        type: 'account.password_set',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli', sessionsEnded: revoked },
      });
      return out.print(
        { id: account.id, passwordSet: true, sessionsEnded: revoked },
        () => `Password set for ${username}; ${revoked} sessions, grants and tokens ended.`,
      );
    }
    case 'list': {
      const accounts = await portvakt.accounts.list({ limit: 1000 });
      return out.table(
        accounts.map((account) => ({
          id: account.id,
          username: account.identities.find((identity) => identity.type === 'username')?.value,
          name: [account.givenName, account.familyName].filter(Boolean).join(' '),
          email: account.email,
          personal_number: maskOptional(
            account.identities.find((identity) => identity.type === 'se_personal_number')?.value,
          ),
          status: account.status,
        })),
        ['id', 'username', 'name', 'email', 'personal_number', 'status'],
      );
    }
    case 'add-phone':
    case 'remove-phone': {
      const account = await requireAccount(portvakt, args);
      const parsed = normalisePhoneNumber(args.extra ?? '');
      if (!parsed.ok)
        throw new PortvaktError('invalid_input', `Not a phone number Portvakt can send to: ${parsed.error.message}`);
      const e164 = parsed.value.e164;
      if (args.action === 'add-phone') await portvakt.secondFactors.addPhoneNumber(account.id, e164);
      else if (!(await portvakt.secondFactors.removePhoneNumber(account.id, e164)))
        throw new PortvaktError('not_found', `${args.username} has no number ${e164}.`);
      await portvakt.audit.record({
        type: 'account.phone_changed',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli', change: args.action, number: maskPhoneNumber(e164) },
      });
      return out.print(
        { id: account.id, phones: await portvakt.secondFactors.phoneNumbers(account.id) },
        () => `${args.action === 'add-phone' ? 'Added' : 'Removed'} ${e164} for ${args.username}.`,
      );
    }
    case 'unlock': {
      const username = requireUsername(args);
      const account = await portvakt.accounts.findByLoginName(username);
      // An account's locks, from every address; an unknown name's, as typed.
      await portvakt.throttle.resetWithAddresses(
        loginSubjectKey(account ? { accountId: account.id } : { name: username }),
      );
      if (account) await portvakt.throttle.resetWithAddresses(secondFactorKey(account.id));
      await portvakt.audit.record({
        type: 'account.unlocked',
        outcome: 'success',
        accountId: account?.id,
        detail: { via: 'cli' },
      });
      return out.print({ unlocked: username }, () => `Unlocked ${username}.`);
    }
    case 'reset-authenticator': {
      const account = await requireAccount(portvakt, args);
      await portvakt.secondFactors.removeAuthenticator(account.id);
      await portvakt.audit.record({
        type: 'totp.removed',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli' },
      });
      return out.print(
        { id: account.id, authenticator: false },
        () =>
          `Removed the authenticator app and recovery codes of ${args.username}; they enrol again at their next login.`,
      );
    }
    case 'reset-passkeys': {
      const account = await requireAccount(portvakt, args);
      const removed = await portvakt.passkeys.removeAll(account.id);
      await portvakt.audit.record({
        type: 'passkey.removed',
        outcome: 'success',
        accountId: account.id,
        detail: { via: 'cli', count: removed },
      });
      if (removed > 0) await portvakt.changeNotices.tell(account.id, { kind: 'passkeys_reset' });
      return out.print(
        { id: account.id, passkeysRemoved: removed },
        () =>
          `Removed ${removed} passkey${removed === 1 ? '' : 's'} of ${args.username}; they log in another way and may create new ones.`,
      );
    }
    default:
      throw new PortvaktError(
        'invalid_input',
        'Usage: portvakt users add|set-password|list|add-phone|remove-phone|unlock|reset-authenticator|reset-passkeys [username] [number]',
      );
  }
}

async function requireAccount(portvakt: PortvaktApp, args: UsersArgs) {
  const username = requireUsername(args);
  const account = await portvakt.accounts.findByLoginName(username);
  if (!account) throw new PortvaktError('not_found', `No user ${username}.`);
  return account;
}

function requireUsername(args: UsersArgs): string {
  if (!args.username) throw new PortvaktError('invalid_input', `Usage: portvakt users ${args.action} <username>`);
  return args.username;
}

/** Passwords come on standard input, never on the command line where `ps` would show them. */
function readPassword(args: UsersArgs): string {
  const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  const rules = {
    minLength: args.minLength,
    maxLength: args.maxLength,
    requireUpper: false,
    requireLower: false,
    requireDigit: false,
    requireSymbol: false,
  };
  const broken = brokenRules(password, rules, {
    names: [args.username, args.values.email, args.values['given-name'], args.values['family-name']],
  });
  if (broken.length > 0) {
    const lines = broken.map(
      (rule) =>
        `  - ${MESSAGES[`rule.${rule}`].en.replace('{min}', String(args.minLength)).replace('{max}', String(args.maxLength))}`,
    );
    throw new PortvaktError('invalid_input', `The password does not meet:\n${lines.join('\n')}`);
  }
  return password;
}

function maskOptional(value: string | undefined): string | undefined {
  return value ? maskPersonalNumber(value) : undefined;
}
