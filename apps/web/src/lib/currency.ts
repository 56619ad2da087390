import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';

/**
 * The deployment's currency from the profile. The signed-in layout renders pages
 * only once the profile has loaded, so the fallback is never shown there.
 */
export function useCurrency(): string {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());
  return profile.data?.currency ?? 'INR';
}
