// The time zones a registering person picks from: every zone the runtime knows, labelled the way
// people read them, "(GMT+01:00) Stockholm", with today's offset (summer time included). The value
// sent and stored stays the IANA name.

export interface TimeZoneChoice {
  value: string;
  label: string;
}

const KNOWN = new Set(Intl.supportedValuesOf('timeZone'));

/** A zone the runtime knows, or the configured default (which may be an alias such as UTC). */
export function isOfferedTimeZone(value: string, defaultZone: string): boolean {
  return KNOWN.has(value) || value === defaultZone;
}

let cached: { key: string; choices: readonly TimeZoneChoice[] } | undefined;

/** The configured default first, then by offset and label. */
export function timeZoneChoices(defaultZone: string, now: Date = new Date()): readonly TimeZoneChoice[] {
  // Offsets change at most a few times a year; one hour is close enough and saves 400 formatters a page.
  const hour = Math.floor(now.getTime() / 3600_000);
  const key = `${defaultZone}|${hour}`;
  if (cached?.key !== key) cached = { key, choices: sortedChoices(defaultZone, now) };
  return cached.choices;
}

function sortedChoices(defaultZone: string, now: Date): readonly TimeZoneChoice[] {
  const rest = [...KNOWN]
    .filter((zone) => zone !== defaultZone)
    .map((zone) => {
      const offset = offsetName(zone, now);
      return { minutes: offsetMinutes(offset), choice: { value: zone, label: `(${offset}) ${placeName(zone)}` } };
    })
    .sort((a, b) => a.minutes - b.minutes || a.choice.label.localeCompare(b.choice.label, 'en'));
  const first = { value: defaultZone, label: `(${offsetName(defaultZone, now)}) ${placeName(defaultZone)}` };
  return [first, ...rest.map(({ choice }) => choice)];
}

/** "Europe/Stockholm" → "Stockholm", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
function placeName(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replaceAll('_', ' ');
}

/** "GMT+01:00"; Intl writes a zero offset as bare "GMT". */
function offsetName(zone: string, now: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((part) => part.type === 'timeZoneName')?.value;
  return !name || name === 'GMT' ? 'GMT+00:00' : name;
}

function offsetMinutes(offset: string): number {
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
