import type { AuthedUser, InnerContext } from '../context.ts';

/** The context below authedProcedure: the caller is known. */
export type AuthedContext = InnerContext & { auth: AuthedUser };
