import { TRPCError } from '@trpc/server';
import { domainCauseOf } from '../errors.ts';

export interface Refused {
  code: TRPCError['code'];
  domainCode: string | null;
  message: string;
}

/** Awaits a call that must be refused and returns how; throws if it succeeds. */
export async function refused(call: Promise<unknown>): Promise<Refused> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return {
      code: error.code,
      domainCode: domainCauseOf(error)?.code ?? null,
      message: error.message,
    };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
