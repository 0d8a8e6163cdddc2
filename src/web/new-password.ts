// The one way a new password is chosen, on every screen that asks for one (the reset, an
// invitation, the account page): the rules listed before typing, the password typed twice so a
// slip of the finger does not lock the person out, and every broken rule named after.
import type { Translate } from '../i18n/translate.ts';
import { brokenRules, rulesToShow, type PasswordRule, type PasswordRules } from '../accounts/password-policy.ts';
import { html, type SafeHtml } from './html.ts';

export const NEW_PASSWORD_FIELD = 'password';
export const REPEAT_FIELD = 'password_repeat';

/** What is wrong with a new password as typed; nothing when both fields agree and every rule holds. */
export interface NewPasswordProblems {
  broken: PasswordRule[];
  mismatch: boolean;
}

export function checkNewPassword(
  typed: { password: string; repeat: string },
  rules: PasswordRules,
  person: { names?: (string | null | undefined)[] } = {},
): NewPasswordProblems {
  return {
    broken: brokenRules(typed.password, rules, person),
    mismatch: typed.password.normalize('NFKC') !== typed.repeat.normalize('NFKC'),
  };
}

export function hasProblems(problems: NewPasswordProblems | undefined): boolean {
  return problems !== undefined && (problems.broken.length > 0 || problems.mismatch);
}

/** The summary at the top of the form, with `id="form-error"` for the fields to point to. */
export function newPasswordErrors(
  t: Translate,
  rules: PasswordRules,
  problems: NewPasswordProblems | undefined,
): SafeHtml | undefined {
  if (!problems || !hasProblems(problems)) return undefined;
  return html`<div class="error" role="alert" id="form-error">${problems.broken.length ? html`<p>${t('reset.broken')}</p><ul>${problems.broken.map((rule) => html`<li>${ruleText(t, rule, rules)}</li>`)}</ul>` : ''}${problems.mismatch ? html`<p>${t('reset.mismatch')}</p>` : ''}</div>`;
}

/** The rules, the new password and its repetition; `label` names the first field on this screen. */
export function newPasswordFields(
  t: Translate,
  rules: PasswordRules,
  problems: NewPasswordProblems | undefined,
  options: { autofocus?: boolean; label?: string } = {},
): SafeHtml {
  const described = `password-rules${hasProblems(problems) ? ' form-error' : ''}`;
  const invalid = (wrong: boolean) => (wrong ? html` aria-invalid="true"` : '');
  return html`<p id="password-rules">${t('reset.rules')}</p><ul aria-labelledby="password-rules">${rulesToShow(rules).map((rule) => html`<li>${ruleText(t, rule, rules)}</li>`)}</ul>
<label for="new-password">${options.label ?? t('reset.newPassword')}</label>
<input id="new-password" name="${NEW_PASSWORD_FIELD}" type="password" autocomplete="new-password" required${options.autofocus ? html` autofocus` : ''} aria-describedby="${described}"${invalid((problems?.broken.length ?? 0) > 0)}>
<label for="password-repeat">${t('reset.repeat')}</label>
<input id="password-repeat" name="${REPEAT_FIELD}" type="password" autocomplete="new-password" required${invalid(problems?.mismatch ?? false)}${problems?.mismatch ? html` aria-describedby="form-error"` : ''}>`;
}

function ruleText(t: Translate, rule: PasswordRule, rules: PasswordRules): string {
  return t(`rule.${rule}`, { min: rules.minLength, max: rules.maxLength });
}
