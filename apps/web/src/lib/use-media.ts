import { useSyncExternalStore } from 'react';

/** The phone layout's breakpoint (styles.css uses the same width). */
export const PHONE_QUERY = '(max-width: 640px)';

/** Whether a media query matches now, re-rendering when that changes. */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', onChange);
      return () => m.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

export const useIsPhone = (): boolean => useMedia(PHONE_QUERY);
