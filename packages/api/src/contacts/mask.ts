/**
 * Confirmation of payee: the first name and the last name's initial
 * ('Asha Rao' -> 'Asha R.', 'Asha Kumari Rao' -> 'Asha R.'); a single name stays.
 */
export function maskName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  const first = parts[0] ?? '';
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  if (!last) return first;
  // Array.from keeps a surrogate pair (or other astral letter) whole.
  const initial = Array.from(last)[0] ?? '';
  return `${first} ${initial.toUpperCase()}.`;
}
