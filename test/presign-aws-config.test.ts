/**
 * How `coffer presign` finds credentials and settings: the INI parser for ~/.aws files and
 * the precedence of flags, environment and files, as aws-cli applies it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { resolveAwsSettings } from '../src/cli/aws-config.js';
import { IniSyntaxError, parseIni } from '../src/cli/aws-ini.js';

describe('parseIni', () => {
  it('reads sections, both delimiters, comments and case-insensitive keys', () => {
    const ini = parseIni(
      '\uFEFF# comment\r\n[default]\r\nRegion = eu-west-1\r\n; another\r\noutput: json\r\n\r\n[profile dev]\nendpoint_url=http://127.0.0.1:9000/x=y\n',
      'config',
    );
    assert.deepEqual([...ini.keys()], ['default', 'profile dev']);
    assert.equal(ini.get('default')!.get('region'), 'eu-west-1');
    assert.equal(ini.get('default')!.get('output'), 'json');
    assert.equal(ini.get('profile dev')!.get('endpoint_url'), 'http://127.0.0.1:9000/x=y');
  });

  it('turns an indented block into a nested map', () => {
    const ini = parseIni('[profile p]\ns3 =\n  addressing_style = path\n  endpoint_url = http://h:1\nregion = r\n', 'config');
    assert.deepEqual({ ...(ini.get('profile p')!.get('s3') as object) }, { addressing_style: 'path', endpoint_url: 'http://h:1' });
    assert.equal(ini.get('profile p')!.get('region'), 'r');
  });

  it('keeps a # after a value, as aws-cli does', () => {
    assert.equal(parseIni('[a]\nregion = us-east-1 # here\n', 'f').get('a')!.get('region'), 'us-east-1 # here');
  });

  it('merges a repeated section and lets the later key win', () => {
    const ini = parseIni('[a]\nx = 1\ny = 1\n[b]\n[a]\nx = 2\n', 'f');
    assert.equal(ini.get('a')!.get('x'), '2');
    assert.equal(ini.get('a')!.get('y'), '1');
  });

  it('names the file and line of what it cannot read', () => {
    assert.throws(() => parseIni('[a]\nx = 1\nnonsense\n', '/tmp/config'), (error: Error) =>
      error instanceof IniSyntaxError && error.message.startsWith('/tmp/config:3:'),
    );
    assert.throws(() => parseIni('x = 1\n', 'f'), /f:1: a setting comes before the first \[section\]/);
    assert.throws(() => parseIni('[a]\n= 1\n', 'f'), /f:2: a setting has no name/);
  });

  it('treats __proto__ as an ordinary key of a nested block', () => {
    const nested = parseIni('[a]\ns3 =\n  __proto__ = x\n', 'f').get('a')!.get('s3') as Record<string, string>;
    assert.equal(nested['__proto__'], 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});

describe('resolveAwsSettings', () => {
  let home: string;
  let credentialsFile: string;
  let configFile: string;

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'coffer-aws-config-'));
    credentialsFile = join(home, 'credentials');
    configFile = join(home, 'config');
    await writeFile(
      credentialsFile,
      [
        '[default]',
        'aws_access_key_id = FILEDEFAULT',
        'aws_secret_access_key = file-default-secret',
        '[dev]',
        'aws_access_key_id = FILEDEV',
        'aws_secret_access_key = file-dev-secret',
        'aws_session_token = dev-token',
        '[half]',
        'aws_access_key_id = ONLYID',
        '',
      ].join('\n'),
    );
    await writeFile(
      configFile,
      [
        '[default]',
        'region = eu-central-1',
        '[profile dev]',
        'region = eu-west-1',
        'endpoint_url = http://127.0.0.1:9100',
        's3 =',
        '  addressing_style = virtual',
        '[profile cfgonly]',
        'aws_access_key_id = CFGONLY',
        'aws_secret_access_key = cfg-secret',
        'services = local',
        '[services local]',
        's3 =',
        '  endpoint_url = http://127.0.0.1:9200',
        '[profile assumed]',
        'role_arn = arn:aws:iam::123456789012:role/x',
        'source_profile = dev',
        '[profile "quoted name"]',
        'aws_access_key_id = QUOTED',
        'aws_secret_access_key = quoted-secret',
        '[profile ignoring]',
        'aws_access_key_id = IGN',
        'aws_secret_access_key = ign-secret',
        'endpoint_url = http://127.0.0.1:9300',
        'ignore_configured_endpoint_urls = true',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_CONFIG_FILE: configFile, ...extra };
  }

  const envKeys = { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'env-secret' };

  it('reads the default profile from the files', async () => {
    const settings = await resolveAwsSettings({}, env(), home);
    assert.deepEqual(settings.credentials, { accessKeyId: 'FILEDEFAULT', secretAccessKey: 'file-default-secret', sessionToken: undefined });
    assert.equal(settings.region, 'eu-central-1');
    assert.equal(settings.endpoint, undefined);
    assert.equal(settings.profile, 'default');
  });

  it('prefers environment credentials to the files', async () => {
    const settings = await resolveAwsSettings({}, env({ ...envKeys, AWS_SESSION_TOKEN: 'tok' }), home);
    assert.deepEqual(settings.credentials, { accessKeyId: 'ENVKEY', secretAccessKey: 'env-secret', sessionToken: 'tok' });
  });

  it('prefers environment credentials to a profile named by AWS_PROFILE, but not to --profile', async () => {
    const fromEnvProfile = await resolveAwsSettings({}, env({ ...envKeys, AWS_PROFILE: 'dev' }), home);
    assert.equal(fromEnvProfile.credentials.accessKeyId, 'ENVKEY');
    assert.equal(fromEnvProfile.region, 'eu-west-1');
    const fromFlag = await resolveAwsSettings({ profile: 'dev' }, env(envKeys), home);
    assert.deepEqual(fromFlag.credentials, { accessKeyId: 'FILEDEV', secretAccessKey: 'file-dev-secret', sessionToken: 'dev-token' });
  });

  it('reads region, endpoint and addressing of a profile', async () => {
    const settings = await resolveAwsSettings({ profile: 'dev' }, env(), home);
    assert.equal(settings.region, 'eu-west-1');
    assert.equal(settings.endpoint, 'http://127.0.0.1:9100');
    assert.equal(settings.addressing, 'virtual');
  });

  it('orders region sources: flag, AWS_REGION, AWS_DEFAULT_REGION, profile, us-east-1', async () => {
    const all = env({ AWS_PROFILE: 'dev', AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'sa-east-1' });
    assert.equal((await resolveAwsSettings({ region: 'ca-central-1' }, all, home)).region, 'ca-central-1');
    assert.equal((await resolveAwsSettings({}, all, home)).region, 'ap-south-1');
    assert.equal((await resolveAwsSettings({}, { ...all, AWS_REGION: '' }, home)).region, 'sa-east-1');
    assert.equal((await resolveAwsSettings({}, env({ AWS_PROFILE: 'dev' }), home)).region, 'eu-west-1');
    assert.equal((await resolveAwsSettings({}, env({ ...envKeys, AWS_CONFIG_FILE: join(home, 'none') }), home)).region, 'us-east-1');
  });

  it('orders endpoint sources: flag, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, services section, profile', async () => {
    const all = env({ AWS_PROFILE: 'dev', AWS_ENDPOINT_URL_S3: 'http://s3-env', AWS_ENDPOINT_URL: 'http://any-env' });
    assert.equal((await resolveAwsSettings({ endpointUrl: 'http://flag' }, all, home)).endpoint, 'http://flag');
    assert.equal((await resolveAwsSettings({}, all, home)).endpoint, 'http://s3-env');
    assert.equal((await resolveAwsSettings({}, { ...all, AWS_ENDPOINT_URL_S3: undefined }, home)).endpoint, 'http://any-env');
    assert.equal((await resolveAwsSettings({ profile: 'cfgonly' }, env(), home)).endpoint, 'http://127.0.0.1:9200');
    assert.equal((await resolveAwsSettings({ profile: 'dev' }, env(), home)).endpoint, 'http://127.0.0.1:9100');
  });

  it('ignores configured endpoints when asked to, but not the flag', async () => {
    assert.equal((await resolveAwsSettings({ profile: 'ignoring' }, env(), home)).endpoint, undefined);
    assert.equal(
      (await resolveAwsSettings({ profile: 'dev' }, env({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'http://x' }), home)).endpoint,
      undefined,
    );
    assert.equal((await resolveAwsSettings({ profile: 'ignoring', endpointUrl: 'http://flag' }, env(), home)).endpoint, 'http://flag');
  });

  it('reads credentials from the config file and quoted profile names', async () => {
    assert.equal((await resolveAwsSettings({ profile: 'cfgonly' }, env(), home)).credentials.accessKeyId, 'CFGONLY');
    assert.equal((await resolveAwsSettings({ profile: 'quoted name' }, env(), home)).credentials.accessKeyId, 'QUOTED');
  });

  it('expands ~ in the file variables', async () => {
    const settings = await resolveAwsSettings({}, { AWS_SHARED_CREDENTIALS_FILE: '~/credentials', AWS_CONFIG_FILE: '~/config' }, home);
    assert.equal(settings.credentials.accessKeyId, 'FILEDEFAULT');
  });

  it('refuses a named profile that no file has', async () => {
    await assert.rejects(resolveAwsSettings({ profile: 'nope' }, env(), home), /profile "nope" \(from --profile\) is in neither .*credentials as \[nope\] nor .*config as \[profile nope\]/);
    await assert.rejects(resolveAwsSettings({}, env({ ...envKeys, AWS_PROFILE: 'nope' }), home), /from AWS_PROFILE/);
  });

  it('refuses half a key pair', async () => {
    await assert.rejects(resolveAwsSettings({}, env({ AWS_ACCESS_KEY_ID: 'X' }), home), /AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not/);
    await assert.rejects(resolveAwsSettings({}, env({ AWS_SECRET_ACCESS_KEY: 'X' }), home), /AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not/);
    await assert.rejects(resolveAwsSettings({ profile: 'half' }, env(), home), /\[half\] has aws_access_key_id but no aws_secret_access_key/);
  });

  it('names every place it looked when no credentials are found', async () => {
    const missing = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'), AWS_CONFIG_FILE: join(home, 'no-config') };
    await assert.rejects(resolveAwsSettings({}, missing, home), (error: Error) => {
      assert.match(error.message, /no credentials found for profile "default"/);
      assert.match(error.message, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set/);
      assert.ok(error.message.includes(`${join(home, 'no-credentials')} (AWS_SHARED_CREDENTIALS_FILE), section [default]: no such file`));
      assert.ok(error.message.includes(`${join(home, 'no-config')} (AWS_CONFIG_FILE), section [default]: no such file`));
      return true;
    });
  });

  it('says when a profile relies on a mechanism it does not run', async () => {
    await assert.rejects(resolveAwsSettings({ profile: 'assumed' }, env(envKeys), home), (error: Error) => {
      assert.match(error.message, /not used, because --profile names a profile/);
      assert.match(error.message, /section \[profile assumed\]: no aws_access_key_id and aws_secret_access_key/);
      assert.match(error.message, /uses role_arn, which coffer presign does not run/);
      return true;
    });
  });
});
