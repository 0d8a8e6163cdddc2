// An organisation's look on Portvakt's screens, e-mails and SMS: its name, logo, colours and
// support contact, and the sender names its messages carry. Colours are checked here against
// WCAG 2.2's 4.5:1 for text, so no theme can make a screen unreadable.
import { colord, extend } from 'colord';
import a11y from 'colord/plugins/a11y';
import { z } from 'zod';

extend([a11y]);

const TEXT_CONTRAST = 4.5;
/** The screens' own light backgrounds, which the accent is used on as link and button text. */
const BACKGROUNDS = ['#ffffff', '#f6f8fa'];

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as #0b5394');

const localisedName = z.strictObject({
  sv: z.string().min(1).max(120),
  nb: z.string().min(1).max(120),
  en: z.string().min(1).max(120),
});

/**
 * Whom a person whose account cannot be used should contact: a name that fits "Contact …" in each
 * language (not a whole sentence), and how to reach them. Texts put it together.
 */
export const supportContactSchema = z.strictObject({
  name: localisedName,
  phone: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{3,30}$/, 'expected a phone number such as 0123-45 67 00')
    .optional(),
  email: z.email().optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export type SupportContact = z.output<typeof supportContactSchema>;

export const brandSchema = z
  .strictObject({
    /** The organisation as people know it, in each language: "Exempelstads kommun". */
    name: localisedName,
    /** A logo shown beside the name: an https URL, or an SVG or PNG file Portvakt serves itself. */
    logo: z
      .union([
        z.strictObject({ url: z.url({ protocol: /^https$/, message: 'expected an https:// URL' }) }),
        z.strictObject({ file: z.string().regex(/\.(svg|png)$/i, 'expected an .svg or .png file') }),
      ])
      .optional(),
    colours: z
      .strictObject({
        /** Links, buttons and highlights. */
        accent: hexColour,
        /** Text on the accent (button labels). */
        accentInk: hexColour.default('#ffffff'),
      })
      .optional(),
    supportContact: supportContactSchema.optional(),
    /** The display name of e-mails sent for this organisation; the address stays the configured one. */
    emailSenderName: z.string().min(1).max(80).optional(),
    /** An alphanumeric SMS sender ID (1–11 letters, digits or spaces), where the SMS provider allows one. */
    smsSender: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/, 'expected 1 to 11 letters, digits or spaces, with a letter')
      .optional(),
    /** A small "provided by Portvakt" line at the foot of each screen. */
    poweredBy: z.boolean().default(false),
  })
  .superRefine((brand, ctx) => {
    if (!brand.colours) return;
    const { accent, accentInk } = brand.colours;
    for (const background of BACKGROUNDS) {
      const ratio = colord(accent).contrast(background);
      if (ratio < TEXT_CONTRAST)
        ctx.addIssue({
          code: 'custom',
          path: ['colours', 'accent'],
          message: `${accent} on ${background} has contrast ${ratio}:1; links and buttons need at least ${TEXT_CONTRAST}:1`,
        });
    }
    const ink = colord(accentInk).contrast(accent);
    if (ink < TEXT_CONTRAST)
      ctx.addIssue({
        code: 'custom',
        path: ['colours', 'accentInk'],
        message: `${accentInk} on ${accent} has contrast ${ink}:1; button labels need at least ${TEXT_CONTRAST}:1`,
      });
  });

export type BrandConfig = z.output<typeof brandSchema>;

/** A brand's key under `brands`: it names its stylesheet and logo addresses too. */
export const BRAND_KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;
