import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env.ts';

const base = '/srv/quickpay';

function refusal(env: Record<string, string>): string {
  try {
    parseEnv(env, base);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('password-check limits in the environment', () => {
  it('reads the budgets and the per-account-and-IP failure limit into the API config', () => {
    const config = parseEnv(
      {
        RATE_PASSWORD_CHECKS_PER_IP: '40',
        RATE_PASSWORD_CHECKS_PER_ACCOUNT: '30',
        RATE_LOGIN_FAILS_PER_ACCOUNT_IP: '4',
      },
      base,
    );
    const limits = config.api.rateLimits;
    expect(limits.passwordChecksPerIp.limit).toBe(40);
    expect(limits.passwordChecksPerAccount.limit).toBe(30);
    expect(limits.loginFailPerAccountIp.limit).toBe(4);
    const defaults = parseEnv({}, base).api.rateLimits;
    expect(defaults.passwordChecksPerIp.limit).toBe(100);
    expect(defaults.passwordChecksPerAccount.limit).toBe(100);
    expect(defaults.loginFailPerAccountIp.limit).toBe(10);
  });

  it('refuses the retired RATE_LOGIN_FAILS_PER_ACCOUNT, naming what replaced it', () => {
    const message = refusal({ RATE_LOGIN_FAILS_PER_ACCOUNT: '10' });
    expect(message).toMatch(/^Invalid configuration: RATE_LOGIN_FAILS_PER_ACCOUNT is no longer/);
    expect(message).toContain('RATE_LOGIN_FAILS_PER_ACCOUNT_IP');
    expect(message).toContain('RATE_PASSWORD_CHECKS_PER_ACCOUNT');
    expect(message).not.toContain('\n');
    // An empty value (a blank line in .env) is as good as unset.
    expect(() => parseEnv({ RATE_LOGIN_FAILS_PER_ACCOUNT: '' }, base)).not.toThrow();
  });

  it('refuses a budget that is not a positive integer', () => {
    expect(refusal({ RATE_PASSWORD_CHECKS_PER_IP: '0' })).toMatch(/RATE_PASSWORD_CHECKS_PER_IP/);
    expect(refusal({ RATE_PASSWORD_CHECKS_PER_ACCOUNT: 'many' })).toMatch(
      /RATE_PASSWORD_CHECKS_PER_ACCOUNT/,
    );
  });
});
