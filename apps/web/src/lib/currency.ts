import { useTRPC } from '@quickpay/client/react';
import { useQuery } from '@tanstack/react-query';

/** The deployment's currency, as the dashboard reports it (INR until it has loaded). */
export function useCurrency(): string {
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.account.dashboard.queryOptions());
  return dashboard.data?.currency ?? 'INR';
}
