// How many SMS segments a body needs, as Twilio reports in `num_segments`: GSM 03.38 7-bit text
// (which covers å ä ö æ ø) fits 160 characters in one segment and 153 per part when concatenated;
// anything else goes as UCS-2, 70 and 67 UTF-16 units.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Sent as an escape plus a character, so each counts twice. */
const GSM_EXTENSION = '^{}\\[~]|€\f';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export function segmentCount(body: string): number {
  const characters = [...body];
  if (characters.every((char) => BASIC.has(char) || EXTENSION.has(char))) {
    const septets = characters.reduce((sum, char) => sum + (EXTENSION.has(char) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  const units = body.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
