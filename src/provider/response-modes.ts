// RFC 9700 §4.1.2 and §2.1: an authorization code in the URL fragment stays in the browser's
// history and reaches scripts on the page, so a code-only response goes in the fragment only for a
// client that registered `fragment` (or `fragment.jwt`) in its response_modes. Other response
// types keep oidc-provider's rules, so a request for an unsupported one still hears
// unsupported_response_type.
import type { Provider } from 'oidc-provider';

type ModeCheck = (
  this: { responseModes?: string[] | undefined },
  mode: string | undefined,
  responseType: string,
  fapiProfile: unknown,
) => boolean;

export function restrictFragmentResponses(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as { responseModeAllowed: ModeCheck };
  const allowedByProvider = prototype.responseModeAllowed;
  prototype.responseModeAllowed = function responseModeAllowed(mode, responseType, fapiProfile) {
    if (!allowedByProvider.call(this, mode, responseType, fapiProfile)) return false;
    const inFragment = mode === 'fragment' || mode === 'fragment.jwt';
    return !(inFragment && responseType === 'code' && !this.responseModes?.includes(mode));
  };
}
