// How a person's Freja eID app is pointed at a transaction: the app's own URL scheme, opened on
// the same device, and the same link as the content of a QR code scanned from another device.

export interface AppLinkOptions {
  /** Where the app returns when done: the relying party's app scheme or web URL. */
  originAppScheme?: string;
}

/** `frejaeid://bindUserToTransaction?transactionReference=<authRef>` (plus `originAppScheme`). */
export function frejaAppLink(authRef: string, options: AppLinkOptions = {}): string {
  const query = new URLSearchParams({ transactionReference: authRef });
  if (options.originAppScheme !== undefined) query.set('originAppScheme', options.originAppScheme);
  // URLSearchParams writes a space as `+`; the app expects percent-encoding throughout.
  return `frejaeid://bindUserToTransaction?${query.toString().replaceAll('+', '%20')}`;
}

/** A static QR code carries the app link itself. */
export function frejaQrContent(authRef: string): string {
  return frejaAppLink(authRef);
}

/** The authRef in an app link or QR content, or undefined when the text is not one. */
export function authRefFromAppLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'frejaeid:' || url.host !== 'bindUserToTransaction') return undefined;
  return url.searchParams.get('transactionReference') ?? undefined;
}
