// What one upstream login proved, as Portvakt's acr and amr. An issuer that reports its own level
// per login (ID-porten's `acr`, HelseID's security level) has it translated by the entry's table;
// one that reports none gets the entry's fixed level, as every upstream login did before tables.
import { z } from 'zod';
import { ACR, ACR_ORDER, type Acr } from '../../provider/vocabulary.ts';
import { AMR_VALUES } from '../saml/upstream-common.ts';

export type UpstreamAmr = (typeof AMR_VALUES)[number];

export const assuranceTableSchema = z.strictObject({
  /** The claim that carries the issuer's level: `acr` at ID-porten, a HelseID claim of its own. */
  claim: z.string().min(1),
  /** Each level the issuer reports, as Portvakt's level and what it proves; any other level is refused. */
  levels: z
    .record(
      z.string().min(1),
      z.strictObject({
        acr: z.enum([ACR.loa1, ACR.loa2, ACR.loa3, ACR.loa4]),
        amr: z.array(z.enum(AMR_VALUES)).min(1),
      }),
    )
    .refine((levels) => Object.keys(levels).length > 0, 'name at least one level'),
});
export type AssuranceTable = z.output<typeof assuranceTableSchema>;

/** The parts of an `oidcUpstreams` entry that decide a login's level. */
export interface AssuranceRules {
  /** The highest level a login through this issuer is reported at (the chooser offers it by this). */
  acr: Acr;
  /** What a login proves when the issuer reports no amr Portvakt knows. */
  amr: readonly UpstreamAmr[];
  assurance?: AssuranceTable | undefined;
}

export type UpstreamAssurance =
  | { kind: 'known'; acr: Acr; amr: UpstreamAmr[] }
  /** The table has no row for what the issuer reported (or it reported nothing). */
  | { kind: 'unknown'; reported: string | undefined };

export function upstreamAssurance(claims: Record<string, unknown>, rules: AssuranceRules): UpstreamAssurance {
  const reportedAmr = Array.isArray(claims.amr)
    ? claims.amr.filter((value): value is UpstreamAmr => (AMR_VALUES as readonly unknown[]).includes(value))
    : [];
  if (!rules.assurance)
    return { kind: 'known', acr: rules.acr, amr: reportedAmr.length > 0 ? reportedAmr : [...rules.amr] };
  const value = claims[rules.assurance.claim];
  const reported = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  // Own keys only: a reported "constructor" must not find Object.prototype's.
  const level =
    reported !== undefined && Object.hasOwn(rules.assurance.levels, reported)
      ? rules.assurance.levels[reported]
      : undefined;
  if (!level) return { kind: 'unknown', reported };
  // The entry's `acr` caps the table: a deployment may trust an issuer for less than its table says.
  const acr = ACR_ORDER.indexOf(level.acr) <= ACR_ORDER.indexOf(rules.acr) ? level.acr : rules.acr;
  return { kind: 'known', acr, amr: [...new Set([...level.amr, ...reportedAmr])] };
}
