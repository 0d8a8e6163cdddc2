// Addresses as Portvakt shows them to a person who has not proven they own them.

/** a…@example.org: enough to recognise one's own address, too little to learn someone else's. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}
