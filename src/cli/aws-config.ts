import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { PresignCredentials } from '../presign/index.js';
import { parseIni, type IniFile, type IniValue } from './aws-ini.js';

/** Command-line settings; each wins over the environment and the files. */
export interface AwsFlags {
  profile?: string | undefined;
  region?: string | undefined;
  endpointUrl?: string | undefined;
}

/** Credentials and settings resolved the way aws-cli resolves them. */
export interface AwsSettings {
  credentials: PresignCredentials;
  /** A description of the credentials' source for messages, never the secret. */
  credentialSource: string;
  region: string;
  /** Undefined for Amazon S3. */
  endpoint: string | undefined;
  /** From `s3 = addressing_style = ...` in the profile; undefined for the default. */
  addressing: 'path' | 'virtual' | undefined;
  profile: string;
}

export const defaultRegion = 'us-east-1';

/** Settings that sign through a mechanism this command does not run. */
const unsupportedCredentialKeys = [
  'role_arn',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'web_identity_token_file',
  'login_session',
];

/**
 * Resolves credentials, region and endpoint as aws-cli does:
 *
 * - profile: `--profile`, then `AWS_PROFILE`, then `default`;
 * - credentials: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN` unless
 *   `--profile` was given (an explicit profile outranks the environment, as in aws-cli),
 *   then `[NAME]` of the shared credentials file, then `[profile NAME]` of the config file;
 * - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, then
 *   us-east-1;
 * - endpoint: `--endpoint-url`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the `s3`
 *   `endpoint_url` of the profile's `services` section, then the profile's `endpoint_url`;
 *   all but the flag are skipped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the
 *   profile's `ignore_configured_endpoint_urls` is true.
 *
 * `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` move the two files from `~/.aws/`.
 */
export async function resolveAwsSettings(
  flags: AwsFlags,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): Promise<AwsSettings> {
  const credentialsFile = expandHome(nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, '.aws', 'credentials'), home);
  const configFile = expandHome(nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config'), home);
  const profileFromEnv = nonEmpty(env.AWS_PROFILE);
  const profile = nonEmpty(flags.profile) ?? profileFromEnv ?? 'default';
  const profileNamed = nonEmpty(flags.profile) !== undefined || profileFromEnv !== undefined;

  const credentialsIni = await readIni(credentialsFile);
  const configIni = await readIni(configFile);
  const credentialsSection = credentialsIni?.get(profile);
  const configSection = configProfile(configIni, profile);
  if (profileNamed && credentialsSection === undefined && configSection === undefined) {
    throw new Error(
      `the profile ${JSON.stringify(profile)} (from ${flags.profile !== undefined ? '--profile' : 'AWS_PROFILE'}) is in neither ` +
        `${credentialsFile} as [${profile}] nor ${configFile} as [${profile === 'default' ? 'default' : `profile ${profile}`}].`,
    );
  }

  const resolved = resolveCredentials({
    env,
    useEnvironment: nonEmpty(flags.profile) === undefined,
    profile,
    credentialsFile,
    credentialsFound: credentialsIni !== undefined,
    credentialsSection,
    configFile,
    configFound: configIni !== undefined,
    configSection,
  });

  const region =
    nonEmpty(flags.region) ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    text(configSection?.get('region')) ??
    defaultRegion;

  return {
    credentials: resolved.credentials,
    credentialSource: resolved.source,
    region,
    endpoint: resolveEndpoint(flags, env, configIni, configSection),
    addressing: resolveAddressing(configSection),
    profile,
  };
}

function resolveCredentials(look: {
  env: NodeJS.ProcessEnv;
  useEnvironment: boolean;
  profile: string;
  credentialsFile: string;
  credentialsFound: boolean;
  credentialsSection: Map<string, IniValue> | undefined;
  configFile: string;
  configFound: boolean;
  configSection: Map<string, IniValue> | undefined;
}): { credentials: PresignCredentials; source: string } {
  if (look.useEnvironment) {
    const accessKeyId = nonEmpty(look.env.AWS_ACCESS_KEY_ID);
    const secretAccessKey = nonEmpty(look.env.AWS_SECRET_ACCESS_KEY);
    if (accessKeyId !== undefined || secretAccessKey !== undefined) {
      if (accessKeyId === undefined) throw new Error('AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not; set both or neither.');
      if (secretAccessKey === undefined) throw new Error('AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither.');
      return {
        credentials: { accessKeyId, secretAccessKey, sessionToken: nonEmpty(look.env.AWS_SESSION_TOKEN) },
        source: 'environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      };
    }
  }
  const configHeader = look.profile === 'default' ? '[default]' : `[profile ${look.profile}]`;
  const fromFile =
    credentialsFromSection(look.credentialsSection, `${look.credentialsFile} [${look.profile}]`) ??
    credentialsFromSection(look.configSection, `${look.configFile} ${configHeader}`);
  if (fromFile !== undefined) return fromFile;

  const unsupported = [look.credentialsSection, look.configSection]
    .flatMap((section) => unsupportedCredentialKeys.filter((key) => section?.has(key)));
  const places = [
    look.useEnvironment
      ? 'environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set'
      : 'environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not used, because --profile names a profile',
    `shared credentials file ${look.credentialsFile} (AWS_SHARED_CREDENTIALS_FILE), section [${look.profile}]: ${
      lookupOutcome(look.credentialsFound, look.credentialsSection)
    }`,
    `config file ${look.configFile} (AWS_CONFIG_FILE), section ${configHeader}: ${lookupOutcome(look.configFound, look.configSection)}`,
  ];
  const advice =
    unsupported.length > 0
      ? `The profile uses ${[...new Set(unsupported)].join(', ')}, which coffer presign does not run; export the resulting keys as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN instead.`
      : 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add aws_access_key_id and aws_secret_access_key to the profile.';
  throw new Error(
    `no credentials found for profile ${JSON.stringify(look.profile)}. Looked in:\n${places.map((place) => `  - ${place}`).join('\n')}\n${advice}`,
  );
}

/** Describes why a file yielded no credentials. */
function lookupOutcome(fileFound: boolean, section: Map<string, IniValue> | undefined): string {
  if (!fileFound) return 'no such file';
  if (section === undefined) return 'no such section';
  return 'no aws_access_key_id and aws_secret_access_key';
}

function credentialsFromSection(
  section: Map<string, IniValue> | undefined,
  where: string,
): { credentials: PresignCredentials; source: string } | undefined {
  if (section === undefined) return undefined;
  const accessKeyId = text(section.get('aws_access_key_id'));
  const secretAccessKey = text(section.get('aws_secret_access_key'));
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined) throw new Error(`${where} has aws_secret_access_key but no aws_access_key_id.`);
  if (secretAccessKey === undefined) throw new Error(`${where} has aws_access_key_id but no aws_secret_access_key.`);
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken: text(section.get('aws_session_token')) },
    source: where,
  };
}

function resolveEndpoint(
  flags: AwsFlags,
  env: NodeJS.ProcessEnv,
  configIni: IniFile | undefined,
  configSection: Map<string, IniValue> | undefined,
): string | undefined {
  const flag = nonEmpty(flags.endpointUrl);
  if (flag !== undefined) return flag;
  const ignoreConfigured =
    isTrue(nonEmpty(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) ??
    isTrue(text(configSection?.get('ignore_configured_endpoint_urls'))) ??
    false;
  if (ignoreConfigured) return undefined;
  const servicesName = text(configSection?.get('services'));
  const services = servicesName === undefined ? undefined : configIni?.get(`services ${servicesName}`);
  const s3Services = services?.get('s3');
  return (
    nonEmpty(env.AWS_ENDPOINT_URL_S3) ??
    nonEmpty(env.AWS_ENDPOINT_URL) ??
    (typeof s3Services === 'object' ? nonEmpty(s3Services.endpoint_url) : undefined) ??
    text(configSection?.get('endpoint_url'))
  );
}

function resolveAddressing(configSection: Map<string, IniValue> | undefined): 'path' | 'virtual' | undefined {
  const s3 = configSection?.get('s3');
  const style = typeof s3 === 'object' ? nonEmpty(s3.addressing_style) : undefined;
  if (style === undefined || style === 'auto') return undefined;
  if (style === 'path' || style === 'virtual') return style;
  throw new Error(`addressing_style ${JSON.stringify(style)} in the profile's s3 settings is not auto, path or virtual.`);
}

/** `[profile NAME]` of the config file; the default profile may also be `[default]`. */
function configProfile(configIni: IniFile | undefined, profile: string): Map<string, IniValue> | undefined {
  if (configIni === undefined) return undefined;
  for (const [name, section] of configIni) {
    const match = /^profile\s+(.+)$/.exec(name);
    if (match !== null && unquote(match[1]!.trim()) === profile) return section;
  }
  return profile === 'default' ? configIni.get('default') : undefined;
}

/** Reads an INI file; undefined when it does not exist. */
async function readIni(file: string): Promise<IniFile | undefined> {
  let contents: string;
  try {
    contents = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  return parseIni(contents, file);
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

function unquote(word: string): string {
  return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function text(value: IniValue | undefined): string | undefined {
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

function isTrue(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}
