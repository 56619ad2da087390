import { apiError, isLostAnswer, UserFacingError } from './errors.ts';

/** How often a lost answer is asked about again (same key), and the pause before each. */
export const CHECK_DELAYS_MS = [500, 1500, 3000] as const;

export interface Checked<O> {
  result: O;
  /** True when the first answer was lost and a re-send with the same key told us. */
  confirmedAfterLoss: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends a money request; when its answer is lost (it may or may not have moved money)
 * sends it again with the same idempotency key, which the server answers with the
 * first result if it was done, or does it now. So the person learns "done" or
 * "not sent", never "check your connection" for money that moved.
 */
export async function sendChecked<O>(
  once: () => Promise<O>,
  delays: readonly number[] = CHECK_DELAYS_MS,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<Checked<O>> {
  try {
    return { result: await once(), confirmedAfterLoss: false };
  } catch (e) {
    if (!isLostAnswer(e)) throw e;
  }
  for (const delay of delays) {
    await wait(delay);
    try {
      return { result: await once(), confirmedAfterLoss: true };
    } catch (e) {
      if (isLostAnswer(e)) continue;
      throw new UserFacingError(`Not sent: ${apiError(e).message}`);
    }
  }
  throw new UserFacingError(
    'We could not reach Quickpay to find out whether this went through. Nothing will be ' +
      'sent twice: press the button again to check.',
  );
}
