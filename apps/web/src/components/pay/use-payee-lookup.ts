import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/** An account number as typed, or null while it cannot be one (they start at 1000). */
export const accountNumberOf = (text: string): number | null =>
  /^\d{4,15}$/.test(text.replace(/\s/g, '')) ? Number(text.replace(/\s/g, '')) : null;

const TYPING_PAUSE_MS = 300;

/**
 * Looks the payee up as the account number is typed: once typing pauses, or at once
 * for a number picked from the list. Your own number is never looked up.
 */
export function usePayeeLookup(to: string, ownNumber: number | null, enabled: boolean) {
  const trpc = useTRPC();
  const typed = accountNumberOf(to);
  const [settled, setSettled] = useState<number | null>(typed);
  useEffect(() => {
    if (typed === settled) return;
    const t = setTimeout(() => setSettled(typed), TYPING_PAUSE_MS);
    return () => clearTimeout(t);
  }, [typed, settled]);
  const isOwn = typed !== null && typed === ownNumber;
  const lookup = useQuery({
    ...trpc.contacts.lookup.queryOptions({ accountNumber: settled ?? 0 }),
    enabled: enabled && settled !== null && settled === typed && !isOwn,
    retry: false,
  });
  const payee = lookup.data && lookup.data.accountNumber === typed ? lookup.data : null;
  return {
    payee,
    isOwn,
    checking: enabled && typed !== null && !isOwn && !payee && !lookup.isError,
    error: enabled && typed !== null && settled === typed && lookup.isError ? lookup.error : null,
    /** A number picked from the list: look it up without waiting. */
    settle: (n: number) => setSettled(n),
  };
}
