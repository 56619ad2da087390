import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { WeakPassword } from '../errors.ts';
import { findPasswordProblem } from './password-policy.ts';

// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane.
// Algorithm is a const enum, not importable as a value under verbatimModuleSyntax.
const ARGON2 = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Verifies against a throwaway hash when the user is unknown, so an unknown account
 * costs the same time as a wrong password and timing does not reveal existence.
 */
export async function burnVerify(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(await dummy, password);
  return false;
}

/** WEAK_PASSWORD saying which rule failed and why (length, phone number, name, or the estimator's feedback). */
export async function assertPasswordPolicy(
  password: string,
  phone: string,
  userInputs: readonly string[] = [],
): Promise<void> {
  const problem = await findPasswordProblem(password, { phone, userInputs });
  if (problem) throw new WeakPassword(problem.rule, problem.message);
}
