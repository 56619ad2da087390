import { isIP } from 'node:net';

/** false, a hop count (1..MAX_PROXY_HOPS), or proxy addresses / CIDR ranges to trust. */
export type TrustProxy = false | number | string[];

// TRUST_PROXY=true is refused: it would take the client's own X-Forwarded-For as its
// address, so anyone could pick the IP every per-IP limit is keyed on.
export const MAX_PROXY_HOPS = 10;
// proxy-addr's named ranges, which Fastify accepts beside addresses.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const proxyList = (value: string) => value.split(',').map((s) => s.trim());

function isAddressOrCidr(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Why a TRUST_PROXY value is refused, or null. */
export function trustProxyProblem(value: string): string | null {
  if (value === 'false') return null;
  if (value === 'true') {
    return `must be a hop count (1-${MAX_PROXY_HOPS}) or the proxies' addresses, not true: true trusts any client's X-Forwarded-For, which defeats per-IP rate limits`;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= MAX_PROXY_HOPS
      ? null
      : `must be a hop count between 1 and ${MAX_PROXY_HOPS}, or the proxies' addresses`;
  }
  const bad = proxyList(value).find((entry) => !isAddressOrCidr(entry));
  return bad === undefined
    ? null
    : `must be a hop count or a comma-separated list of IP addresses or CIDR ranges (loopback, linklocal and uniquelocal also work); ${JSON.stringify(bad)} is none of these`;
}

/** A value already accepted by trustProxyProblem, as Fastify takes it. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return proxyList(value);
}
