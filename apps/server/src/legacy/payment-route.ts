import { type ApiDeps, provePassword } from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  asUser,
  bodyOf,
  type LegacyCall,
  legacyRoute,
  newKey,
  parseFields,
  signedIn,
} from './call.ts';
import { LegacyError } from './errors.ts';
import { integer, money, optionalText, secret, text } from './fields.ts';
import { toMajor } from './money.ts';
import { stripPrefix } from './records.ts';

const amountField = (max: number) =>
  z.object({ amount: money({ missing: 'Invalid amount', invalid: 'Invalid amount' }, max) });
const passwordField = z.object({
  password: secret({ missing: 'Invalid password', invalid: 'Invalid password' }),
});
const rest = z.object({
  transaction_type: z.unknown(),
  note: optionalText('', 140),
});
const recipientField = z.object({
  recipient_account: integer({ missing: 'Recipient not found', invalid: 'Recipient not found' }),
});
const goalField = z.object({
  saving_id: text({ missing: 'Saving goal not found', invalid: 'Saving goal not found' }, 80),
});

/**
 * One legacy payment: one authentication, one password check (on every call, the old
 * behaviour; under the signed-in password limits), one posting. The proof is this
 * request's own: the money procedure runs as the caller with a password proved now,
 * and the session's stored proof time is left alone. Checks run in the legacy order:
 * amount, password, type.
 */
async function processPayment(call: LegacyCall) {
  const { ctx, auth } = await signedIn(call);
  const body = bodyOf(call.req);
  const { amount } = parseFields(call, amountField(call.deps.config.maxAmount), body);
  const { password } = parseFields(call, passwordField, body, 403);
  const { transaction_type: type, note } = parseFields(call, rest, body);
  await provePassword(ctx, auth.user, password);
  const { api } = asUser(call, { ...auth, authTime: new Date(call.deps.now()) });
  const idempotencyKey = newKey();
  const withNote = note === '' ? {} : { note };
  let balance: number;
  switch (type) {
    case 'deposit':
      ({ balance } = await api.payments.deposit({ amount, idempotencyKey, ...withNote }));
      break;
    case 'withdraw':
      ({ balance } = await api.payments.withdraw({ amount, idempotencyKey, ...withNote }));
      break;
    case 'bank_transfer': {
      const { recipient_account } = parseFields(call, recipientField, body, 404);
      ({ balance } = await api.payments.transfer({
        toAccountNumber: recipient_account,
        amount,
        idempotencyKey,
        ...withNote,
      }));
      break;
    }
    case 'saving_deposit': {
      const { saving_id } = parseFields(call, goalField, body, 404);
      // Clients send `sid_<id>`; a bare id is accepted too.
      const goalId = stripPrefix(saving_id, 'sid') ?? stripPrefix(`sid_${saving_id}`, 'sid');
      if (goalId === null) throw new LegacyError(404, 'Saving goal not found');
      ({ balance } = await api.savings.deposit({
        goalId,
        amount,
        idempotencyKey,
        ...withNote,
      }));
      break;
    }
    default:
      throw new LegacyError(400, 'Invalid transaction type');
  }
  return [200, { message: 'Transaction successful!', new_balance: toMajor(balance) }] as const;
}

export function paymentRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/process-payment', legacyRoute(deps, 'payment', processPayment));
}
