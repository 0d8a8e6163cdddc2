// Reads the configuration file and the environment, validates them once, and explains a bad value
// by its key, the value found and what was expected.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { PortvaktError } from '../../kernel/errors.ts';
import { isCidr } from '../http/networks.ts';
import { configFromEnvironment } from './env.ts';
import { configSchema, type Config } from './schema.ts';

export async function loadConfig(
  options: { file?: string | undefined; env?: NodeJS.ProcessEnv; overrides?: Record<string, unknown> } = {},
): Promise<Config> {
  const env = options.env ?? process.env;
  const file = options.file ?? env.PORTVAKT_CONFIG;
  const fromFile = file ? await readConfigFile(file) : {};
  const merged = deepMerge(deepMerge(fromFile, configFromEnvironment(env)), options.overrides ?? {});
  return validateConfig(merged, file);
}

export function validateConfig(input: unknown, source = 'configuration'): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw configError(source, describeIssues(result.error, input));
  const config = result.data;
  const problems = crossChecks(config);
  if (problems.length > 0) throw configError(source, problems);
  return withNetworksResolved(config);
}

/** Policies name networks for readability; everything after loading sees only CIDRs. */
function withNetworksResolved(config: Config): Config {
  const policies = Object.fromEntries(
    Object.entries(config.policies).map(([name, policy]) => [
      name,
      { ...policy, trustedNetworks: policy.trustedNetworks.flatMap((entry) => config.networks[entry] ?? [entry]) },
    ]),
  );
  return { ...config, policies };
}

function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  if (!config.policies.default)
    problems.push('policies.default: missing; expected the policy used by clients that name none');
  for (const [name, policy] of Object.entries(config.policies)) {
    if (policy.privacyNotice && !config.privacyNotices[policy.privacyNotice]) {
      problems.push(`policies.${name}.privacyNotice: "${policy.privacyNotice}" is not defined under privacyNotices`);
    }
    if (policy.brand && !config.brands[policy.brand])
      problems.push(`policies.${name}.brand: "${policy.brand}" is not defined under brands`);
    for (const entry of policy.trustedNetworks) {
      if (!isCidr(entry) && !config.networks[entry])
        problems.push(`policies.${name}.trustedNetworks: "${entry}" is neither a CIDR nor defined under networks`);
    }
  }
  if (!config.policies[config.accounts.accountPagePolicy]) {
    problems.push(`accounts.accountPagePolicy: "${config.accounts.accountPagePolicy}" is not defined under policies`);
  }
  config.clients.forEach((client, index) => {
    if (!config.policies[client.login_policy]) {
      problems.push(`clients.${index}.login_policy: "${client.login_policy}" is not defined under policies`);
    }
    if (client.brand && !config.brands[client.brand])
      problems.push(`clients.${index}.brand: "${client.brand}" is not defined under brands`);
  });
  const ids = config.clients.map((client) => client.client_id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) problems.push(`clients: client_id "${duplicate}" appears twice`);
  return problems;
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw configError(file, [`cannot read the file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  try {
    const parsed: unknown = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be a mapping of keys');
    return parsed as Record<string, unknown>;
  } catch (cause) {
    throw configError(file, [`not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(cause as Error).message}`]);
  }
}

function describeIssues(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.join('.') || '(top level)';
    const found = issue.code === 'unrecognized_keys' ? '' : ` (found ${preview(path, valueAt(input, issue.path))})`;
    const keys =
      issue.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : // A bad key in a record: say what a key must look like, not only that it is wrong.
          issue.code === 'invalid_key'
          ? (issue.issues[0]?.message ?? issue.message)
          : issue.message;
    return `${path}: ${keys}${found}`;
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

function preview(path: string, value: unknown): string {
  if (value === undefined) return 'nothing';
  // Never echo a secret back into a log or terminal; numbers and flags under such names are harmless.
  const key = path.split('.').at(-1) ?? '';
  if (typeof value === 'string' && /secret|token|password|passphrase|key|pfx/i.test(key)) return 'a value, hidden';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function configError(source: string, problems: string[]): PortvaktError {
  const message = `Invalid configuration in ${source}:\n${problems.map((line) => `  - ${line}`).join('\n')}`;
  return new PortvaktError('config_invalid', message, { detail: { problems } });
}

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    out[key] = isPlain(value) && isPlain(out[key]) ? deepMerge(out[key] as Plain, value) : value;
  }
  return out;
}
