import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultApiSettings } from '@quickpay/api';
import { afterEach, describe, expect, it } from 'vitest';
import { corsOrigin } from './cors.ts';
import { ConfigError, parseEnv } from './env.ts';
import { JWT_SECRET_FILE, loadJwtSecret } from './secret.ts';

const base = '/srv/quickpay';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'quickpay-env-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function refusal(env: Record<string, string>): string {
  try {
    parseEnv(env, base);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('configuration was accepted');
}

describe('parseEnv', () => {
  it('gives working defaults for an empty environment', () => {
    const c = parseEnv({}, base);
    expect(c).toMatchObject({
      nodeEnv: 'development',
      port: 5000,
      host: '127.0.0.1',
      dataDir: '/srv/quickpay/data',
      mongodbUri: undefined,
      jwtSecret: undefined,
      corsOrigins: [],
      trustProxy: false,
      logLevel: 'info',
      sms: { twilio: null },
    });
    expect(c.api).toMatchObject(defaultApiSettings());
  });

  it('reads overrides and resolves a relative DATA_DIR against the start directory', () => {
    const c = parseEnv(
      {
        PORT: '0',
        DATA_DIR: 'var/qp',
        CORS_ORIGINS: 'https://bank.example, https://app.example/',
        MAX_AMOUNT: '500000',
        RATE_LOGIN_FAILS_PER_IP: '7',
        TRUST_PROXY: '1',
        TIME_ZONE: 'Asia/Kolkata',
      },
      base,
    );
    expect(c.port).toBe(0);
    expect(c.dataDir).toBe('/srv/quickpay/var/qp');
    expect(c.corsOrigins).toEqual(['https://bank.example', 'https://app.example']);
    expect(c.api.maxAmount).toBe(500000);
    expect(c.api.rateLimits.loginFailPerIp).toEqual({ limit: 7, windowMs: 15 * 60_000 });
    expect(c.trustProxy).toBe(1);
    expect(c.api.timeZone).toBe('Asia/Kolkata');
  });

  it('refuses a bad PORT with one line naming the variable and the value', () => {
    const message = refusal({ PORT: 'abc' });
    expect(message).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535 (got "abc")',
    );
    expect(message).not.toContain('\n');
    expect(refusal({ PORT: '70000' })).toContain('PORT');
  });

  it('names each bad variable', () => {
    expect(refusal({ MAX_AMOUNT: '-5' })).toMatch(/^Invalid configuration: MAX_AMOUNT /);
    expect(refusal({ TIME_ZONE: 'Mars/Base' })).toMatch(/^Invalid configuration: TIME_ZONE /);
    expect(refusal({ MONGODB_URI: 'localhost:27017' })).toMatch(/MONGODB_URI must start with/);
    expect(refusal({ JWT_SECRET: 'short' })).toMatch(/JWT_SECRET must be at least 32/);
    expect(refusal({ NODE_ENV: 'staging' })).toMatch(/^Invalid configuration: NODE_ENV /);
  });

  it('refuses TRUST_PROXY=true (it trusts any client-sent X-Forwarded-For) and out-of-range hops', () => {
    expect(refusal({ TRUST_PROXY: 'true' })).toMatch(
      /^Invalid configuration: TRUST_PROXY must be a hop count \(1-10\) or the proxies' addresses, not true: .*per-IP rate limits \(got "true"\)$/,
    );
    for (const bad of ['0', '11', '999999', 'proxy.example', '10.0.0.0/33', '10.0.0.1,', 'yes']) {
      expect(refusal({ TRUST_PROXY: bad })).toMatch(/^Invalid configuration: TRUST_PROXY must be /);
    }
  });

  it('accepts TRUST_PROXY as a hop count or proxy addresses and ranges', () => {
    expect(parseEnv({ TRUST_PROXY: '10' }, base).trustProxy).toBe(10);
    expect(parseEnv({ TRUST_PROXY: 'false' }, base).trustProxy).toBe(false);
    expect(
      parseEnv({ TRUST_PROXY: '10.0.0.1, 10.8.0.0/16,::1,fd00::/8, loopback' }, base).trustProxy,
    ).toEqual(['10.0.0.1', '10.8.0.0/16', '::1', 'fd00::/8', 'loopback']);
  });

  it('bounds MAX_AMOUNT at MAX_AMOUNT_LIMIT (10^13 minor units)', () => {
    expect(refusal({ MAX_AMOUNT: String(Number.MAX_SAFE_INTEGER) })).toMatch(
      /^Invalid configuration: MAX_AMOUNT must be a positive integer of minor units no larger than 10000000000000 /,
    );
    expect(refusal({ MAX_AMOUNT: '10000000000001' })).toMatch(/MAX_AMOUNT/);
    expect(parseEnv({ MAX_AMOUNT: '10000000000000' }, base).api.maxAmount).toBe(10_000_000_000_000);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(refusal({ NODE_ENV: 'production' })).toMatch(/JWT_SECRET is required/);
    const secret = 'x'.repeat(32);
    expect(parseEnv({ NODE_ENV: 'production', JWT_SECRET: secret }, base).jwtSecret).toBe(secret);
  });
});

describe('parseEnv: the API and SMS configuration, final in one pass', () => {
  it('marks cookies Secure in production only', () => {
    const secret = 'x'.repeat(32);
    expect(parseEnv({ NODE_ENV: 'production', JWT_SECRET: secret }, base).api.secureCookies).toBe(
      true,
    );
    expect(parseEnv({}, base).api.secureCookies).toBe(false);
  });

  it('reads CURRENCY and DEFAULT_COUNTRY into the API settings', () => {
    const c = parseEnv({ CURRENCY: 'EUR', DEFAULT_COUNTRY: 'DE' }, base);
    expect(c.api).toMatchObject({ currency: 'EUR', defaultCountry: 'DE' });
  });

  const sid = `AC${'0'.repeat(32)}`;
  it('picks Twilio when the SID, token and a phone number or messaging service are set', () => {
    const full = { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token' };
    expect(parseEnv({ ...full, TWILIO_PHONE_NUMBER: ' +15005550006 ' }, base).sms).toEqual({
      twilio: { accountSid: sid, authToken: 'token', from: '+15005550006' },
    });
    expect(parseEnv({ ...full, TWILIO_MESSAGING_SERVICE_SID: 'MG1' }, base).sms).toEqual({
      twilio: { accountSid: sid, authToken: 'token', messagingServiceSid: 'MG1' },
    });
  });

  it.each([
    ['nothing', {}],
    ['no token', { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: '', TWILIO_PHONE_NUMBER: '+1500' }],
    [
      'no sender',
      { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'token', TWILIO_PHONE_NUMBER: ' ' },
    ],
  ])('falls back to the outbox with %s set', (_, env) => {
    expect(parseEnv(env, base).sms).toEqual({ twilio: null });
  });
});

describe('loadJwtSecret', () => {
  it('generates a secret once, keeps it with mode 0600 and reuses it on the next start', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const logs: string[] = [];
    const first = loadJwtSecret({ dataDir, jwtSecret: undefined }, (m) => logs.push(m));
    expect(first.length).toBe(64); // 48 bytes as base64url text
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(JWT_SECRET_FILE);
    const file = join(dataDir, JWT_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadJwtSecret({ dataDir, jwtSecret: undefined }, (m) => logs.push(m));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(logs).toHaveLength(1);
    expect(readFileSync(file, 'utf8').trim()).toBe(new TextDecoder().decode(first));
  });

  it('uses JWT_SECRET when set and writes nothing', () => {
    const dataDir = tempDir();
    const secret = 's'.repeat(40);
    const key = loadJwtSecret({ dataDir, jwtSecret: secret }, () => {});
    expect(new TextDecoder().decode(key)).toBe(secret);
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow();
  });
});

describe('corsOrigin', () => {
  const allows = (config: Parameters<typeof corsOrigin>[0], origin: string | undefined) => {
    let result: boolean | undefined;
    corsOrigin(config)(origin, (_e, allow) => {
      result = allow;
    });
    return result;
  };

  it('allows listed origins, and localhost only outside production', () => {
    const dev = { corsOrigins: ['https://bank.example'], nodeEnv: 'development' as const };
    const prod = { ...dev, nodeEnv: 'production' as const };
    expect(allows(dev, 'https://bank.example')).toBe(true);
    expect(allows(dev, 'http://127.0.0.1:5500')).toBe(true);
    expect(allows(dev, 'http://localhost:5173')).toBe(true);
    expect(allows(dev, 'http://localhost.evil.example')).toBe(false);
    expect(allows(dev, 'https://evil.example')).toBe(false);
    expect(allows(prod, 'http://localhost:5173')).toBe(false);
    expect(allows(prod, 'https://bank.example')).toBe(true);
  });
});
