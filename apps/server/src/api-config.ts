import type { ApiConfig } from '@quickpay/api';
import { defaultApiConfig } from '@quickpay/api';
import type { Minor } from '@quickpay/db';
import type { ServerConfig } from './env.ts';

/** The API's configuration: its defaults plus whatever the environment overrides. */
export function apiConfigFrom(config: ServerConfig, jwtSecret: Uint8Array): ApiConfig {
  const base = defaultApiConfig({ jwtSecret });
  const limit = (rule: ApiConfig['rateLimits'][keyof ApiConfig['rateLimits']], n?: number) =>
    n === undefined ? rule : { ...rule, limit: n };
  const r = config.rateLimits;
  return {
    ...base,
    currency: config.currency,
    maxAmount: (config.maxAmount ?? base.maxAmount) as Minor,
    timeZone: config.timeZone ?? base.timeZone,
    defaultCountry: config.defaultCountry ?? base.defaultCountry,
    // Browsers drop Secure cookies over plain http, so only production sets it.
    secureCookies: config.nodeEnv === 'production',
    rateLimits: {
      ...base.rateLimits,
      loginFailPerAccountIp: limit(base.rateLimits.loginFailPerAccountIp, r.loginFailPerAccountIp),
      loginFailPerIp: limit(base.rateLimits.loginFailPerIp, r.loginFailPerIp),
      passwordChecksPerIp: limit(base.rateLimits.passwordChecksPerIp, r.passwordChecksPerIp),
      passwordChecksPerAccount: limit(
        base.rateLimits.passwordChecksPerAccount,
        r.passwordChecksPerAccount,
      ),
      signUpPerIp: limit(base.rateLimits.signUpPerIp, r.signUpPerIp),
      resetPerPhone: limit(base.rateLimits.resetPerPhone, r.resetPerPhone),
      resetPerIp: limit(base.rateLimits.resetPerIp, r.resetPerIp),
    },
  };
}
