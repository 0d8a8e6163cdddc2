// The one way texts are filled: a catalogue of sentences per language, and a translator whose
// placeholders are read from the sentences themselves. A `{client}` in a text makes `client` a
// required value at compile time; a key without placeholders takes no values at all.

/** The `{name}` placeholders of one text, as a union of names. */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** A key's texts in each language. */
export type Catalogue<Language extends string> = Readonly<Record<string, Readonly<Record<Language, string>>>>;

/** The values a key needs: its placeholders across every language, so no translation is left short. */
export type ValuesFor<Texts extends Readonly<Record<string, string>>> = Record<
  Placeholders<Texts[keyof Texts]>,
  string | number
>;

/** No argument for a text without placeholders; exactly its placeholders for one with them. */
export type ValuesArgument<Texts extends Readonly<Record<string, string>>> = [
  Placeholders<Texts[keyof Texts]>,
] extends [never]
  ? []
  : [values: ValuesFor<Texts>];

/** The keys whose texts take no values but `Names`: what a table of messages may name. */
export type KeyTaking<C extends Catalogue<string>, Names extends string> = {
  [Key in keyof C & string]: [Exclude<Placeholders<C[Key][keyof C[Key]]>, Names>] extends [never] ? Key : never;
}[keyof C & string];

/** The keys whose texts take no values: what a table of labels may name. */
export type PlainKey<C extends Catalogue<string>> = KeyTaking<C, never>;

export type Translator<C extends Catalogue<string>> = <Key extends keyof C & string>(
  key: Key,
  ...values: ValuesArgument<C[Key]>
) => string;

export function translatorFor<Language extends string, C extends Catalogue<Language>>(
  catalogue: C,
  language: Language,
): Translator<C> {
  return (key, ...[values]) => fillPlaceholders(catalogue[key]![language], values ?? {});
}

/** Replaces `{name}` with its value; a placeholder without a value is left as written. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : match,
  );
}

/** The placeholder names of a text, for checks that every language asks for the same values. */
export function placeholderNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}
