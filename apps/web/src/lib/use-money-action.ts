import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useSession } from '../session.tsx';
import { IntentKeys } from './idempotency.ts';
import { type Checked, sendChecked } from './send-checked.ts';

/**
 * A money-moving call with one idempotency key per user intent: the key is kept
 * for retries of the same request (including the retry after a password prompt)
 * and renewed after a success. A second submit while one is in flight (a double
 * click) is ignored, so it never even reaches the server.
 * A lost answer is resolved by asking again with the same key (send-checked.ts).
 */
export function useMoneyAction<I extends object, O>(
  run: (input: I, idempotencyKey: string) => Promise<O>,
  onSuccess?: (result: O, input: I, confirmedAfterLoss: boolean) => void,
) {
  const session = useSession();
  const queryClient = useQueryClient();
  const keys = useRef(new IntentKeys());
  const busy = useRef(false);
  const mutation = useMutation({
    mutationFn: async (input: I): Promise<Checked<O>> => {
      const idempotencyKey = keys.current.keyFor(input);
      return sendChecked(() => session.recover(() => run(input, idempotencyKey)));
    },
    onSuccess: async ({ result, confirmedAfterLoss }, input) => {
      keys.current.succeeded();
      onSuccess?.(result, input, confirmedAfterLoss);
      // Balances, history, goals and the dashboard all change with money.
      await queryClient.invalidateQueries();
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  const submit = (input: I) => {
    if (busy.current) return;
    busy.current = true;
    mutation.mutate(input);
  };
  return { ...mutation, submit };
}
