// What a refused upstream answer leaves in the audit log comes partly from the answer itself (a
// status, an issuer, a parser's complaint). Such text is cut short, and what PostgreSQL's JSON
// cannot hold (NUL, lone surrogates, which XML character references make) or a log viewer should
// not interpret (control characters) becomes U+FFFD: a refusal must be recorded, not end in a 500.

const MAX_TEXT = 300;
const UNSAFE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function auditableDetail(detail: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(detail, (_key, value: unknown) =>
      typeof value === 'string' ? value.slice(0, MAX_TEXT).replace(UNSAFE, '\ufffd') : value,
    ),
  ) as Record<string, unknown>;
}
