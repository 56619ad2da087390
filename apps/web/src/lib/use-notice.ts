import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a success notice stays before it goes away on its own. */
export const NOTICE_MS = 8_000;

/**
 * A short-lived message (a success, usually): shown until the next action clears it
 * or `ms` pass, whichever is first. Showing a new one restarts the time.
 */
export function useNotice(ms: number = NOTICE_MS) {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stop = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  const clear = useCallback(() => {
    stop();
    setMessage(null);
  }, []);
  const show = useCallback(
    (text: string) => {
      stop();
      setMessage(text);
      timer.current = setTimeout(() => setMessage(null), ms);
    },
    [ms],
  );
  useEffect(() => stop, []);
  return { message, show, clear };
}
