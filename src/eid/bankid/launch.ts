// The same-device launch link: `<base>?autostarttoken=<token>&redirect=<url or null>`.
// `https://app.bankid.com/` suits iOS Safari and Chrome/Edge on Android; `bankid:///` suits desktops
// and other browsers. `redirect` is deprecated in favour of the order's `returnUrl`, which wins when
// both are set; pass a real URL only for iOS and `null` elsewhere.
import { BANKID_APP_LAUNCH_URL } from './config.ts';

export function autoStartUrl(autoStartToken: string, options: { base?: string; redirect?: string } = {}): string {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(autoStartToken)) throw new TypeError('malformed autoStartToken');
  const url = new URL(options.base ?? BANKID_APP_LAUNCH_URL);
  url.searchParams.set('autostarttoken', autoStartToken);
  url.searchParams.set('redirect', options.redirect ?? 'null');
  return url.toString();
}
