/**
 * Money in the app is an integer count of minor units (paise). Amounts typed by a
 * person are decimal strings in major units; they are converted by parsing the
 * digits, never through a float, so '0.1' + '0.2' is exactly 30 paise.
 */
export type Minor = number;

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (INR, USD: 2; JPY: 0; KWD: 3), per Intl. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

export type ParsedAmount = { ok: true; minor: Minor } | { ok: false; error: string };

/**
 * Parses '12', '12.5', '12.50' into minor units (`digits` decimals, 2 for INR).
 * A leading currency sign ('₹500') is allowed. Rejects signs, letters, exponents and more decimals than the currency has.
 */
export function parseAmount(input: string, digits = 2): ParsedAmount {
  // '₹500', 'Rs. 500' and 'INR 500' are what people type; the symbol is not part of the amount.
  const text = input
    .trim()
    .replace(/^(?:\p{Sc}|rs\.?|inr)\s*/iu, '')
    .replace(/,/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount.' };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const frac = m?.[2] ?? '';
  if (!m || frac.length > digits) {
    const example = digits === 0 ? '250' : `250 or 250.${'5'.padEnd(digits, '0')}`;
    return { ok: false, error: `Enter an amount like ${example} (at most ${digits} decimals).` };
  }
  const value =
    BigInt(m[1] ?? '0') * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    return { ok: false, error: 'That amount is too large.' };
  return { ok: true, minor: Number(value) };
}

/** Like parseAmount, but also refuses zero: every money action moves something. */
export function parsePositiveAmount(input: string, digits = 2): ParsedAmount {
  const r = parseAmount(input, digits);
  if (r.ok && r.minor === 0) return { ok: false, error: 'The amount must be more than zero.' };
  return r;
}

/** Exact decimal string in major units: 1234 -> '12.34', -5 -> '-0.05' (digits = 2). */
export function toDecimalString(amount: Minor, digits = 2): string {
  if (!Number.isSafeInteger(amount)) throw new TypeError(`not an integer amount: ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${abs}`;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
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
  return formatter(currency, locale).format(
    toDecimalString(amount, minorDigits(currency)) as `${number}`,
  );
}

/** The amount with an explicit sign, for history lines: money in shows '+'. */
export function formatSigned(amount: Minor, currency = 'INR', locale = 'en-IN'): string {
  const text = formatMoney(Math.abs(amount), currency, locale);
  return amount > 0 ? `+${text}` : amount < 0 ? `−${text}` : text;
}
