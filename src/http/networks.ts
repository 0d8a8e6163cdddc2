// Network ranges (CIDR) from configuration, and whether an address falls inside one.
import { BlockList, isIP } from 'node:net';

export function isCidr(value: string): boolean {
  const [address = '', bits, extra] = value.split('/');
  const family = isIP(address);
  if (!family || bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function networkList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = '', bits = ''] = cidr.split('/');
    list.addSubnet(address, Number(bits), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

export function inNetworks(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** A name a network goes by in configuration, in policies and in the login_network claim. */
export const NETWORK_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** Configuration's named networks: which one an address belongs to, the first listed winning. */
export class NamedNetworks {
  private readonly lists: ReadonlyArray<readonly [string, BlockList]>;

  constructor(networks: Readonly<Record<string, readonly string[]>>) {
    this.lists = Object.entries(networks).map(([name, cidrs]) => [name, networkList(cidrs)] as const);
  }

  nameOf(address: string): string | undefined {
    return this.lists.find(([, list]) => inNetworks(list, address))?.[0];
  }
}
