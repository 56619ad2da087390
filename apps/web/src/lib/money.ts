/**
 * Money in the app is an integer count of minor units (paise). Amounts typed by a
 * person are decimal strings in major units; they are converted by parsing the
 * digits, never through a float, so '0.1' + '0.2' is exactly 30 paise.
 */
export type Minor = number;

const AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/;

export type ParsedAmount = { ok: true; minor: Minor } | { ok: false; error: string };

/** Parses '12', '12.5', '12.50' into minor units. Rejects signs, letters, 3+ decimals. */
export function parseAmount(input: string): ParsedAmount {
  const text = input.trim().replace(/,/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount.' };
  const m = AMOUNT.exec(text);
  if (!m) return { ok: false, error: 'Enter an amount like 250 or 250.50 (at most 2 decimals).' };
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(2, '0');
  const value = BigInt(whole) * 100n + BigInt(frac);
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    return { ok: false, error: 'That amount is too large.' };
  return { ok: true, minor: Number(value) };
}

/** Like parseAmount, but also refuses zero: every money action moves something. */
export function parsePositiveAmount(input: string): ParsedAmount {
  const r = parseAmount(input);
  if (r.ok && r.minor === 0) return { ok: false, error: 'The amount must be more than zero.' };
  return r;
}

/** Exact decimal string in major units: 1234 -> '12.34', -5 -> '-0.05'. */
export function toDecimalString(amount: Minor): string {
  if (!Number.isSafeInteger(amount)) throw new TypeError(`not an integer amount: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.trunc(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${frac}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formats minor units for display, e.g. 123456 -> '₹1,234.56'. The exact decimal
 * string goes to Intl (which formats numeric strings exactly), so no float appears.
 */
export function formatMoney(amount: Minor, currency = 'INR', locale = 'en-IN'): string {
  return formatter(currency, locale).format(toDecimalString(amount) as `${number}`);
}

/** The amount with an explicit sign, for history lines: money in shows '+'. */
export function formatSigned(amount: Minor, currency = 'INR', locale = 'en-IN'): string {
  const text = formatMoney(Math.abs(amount), currency, locale);
  return amount > 0 ? `+${text}` : amount < 0 ? `−${text}` : text;
}
