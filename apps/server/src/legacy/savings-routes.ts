import type { ApiDeps } from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bodyOf, type LegacyCall, legacyRoute, newKey, parseFields, signedIn } from './call.ts';
import { LegacyError } from './errors.ts';
import { money, optionalText, text } from './fields.ts';
import { toMajor } from './money.ts';
import { stripPrefix, toLegacyGoal } from './records.ts';

const createFields = (max: number) =>
  z.object({
    itemName: text({ missing: 'All fields are required' }, 100),
    targetAmount: money(
      { missing: 'Invalid target amount', invalid: 'Invalid target amount' },
      max,
    ),
    colorCode: optionalText('', 32),
    description: optionalText('', 500),
  });

const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

const deleteFields = z.object({
  savingsId: z.unknown(),
});

/** The goal id from a legacy `savingsId` (sent bare, as a string or number; `sid_` tolerated). */
function goalIdOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value).trim();
  return stripPrefix(s.startsWith('sid_') ? s : `sid_${s}`, 'sid');
}

async function listSavings(call: LegacyCall) {
  const { api, auth } = await signedIn(call);
  const goals = await api.savings.list();
  const tz = call.deps.config.timeZone;
  return [200, goals.map((g) => toLegacyGoal(g, auth.user.accountNumber, tz))] as const;
}

async function createSaving(call: LegacyCall) {
  const { api, auth } = await signedIn(call);
  const f = parseFields(call, createFields(call.deps.config.maxAmount), bodyOf(call.req));
  const goal = await api.savings.create({
    name: f.itemName,
    targetAmount: f.targetAmount,
    // A colour the API does not know (e.g. a CSS class) falls back to its default.
    ...(COLOR.test(f.colorCode) ? { color: f.colorCode } : {}),
    description: f.description,
  });
  return [201, toLegacyGoal(goal, auth.user.accountNumber, call.deps.config.timeZone)] as const;
}

/** Deleting a goal refunds what it holds to the balance (savings.close). */
async function deleteSaving(call: LegacyCall) {
  const { api } = await signedIn(call);
  const { savingsId } = parseFields(call, deleteFields, bodyOf(call.req));
  const goalId = goalIdOf(savingsId);
  if (goalId === null) throw new LegacyError(404, 'Saving not found');
  const { refunded } = await api.savings.close({ goalId, idempotencyKey: newKey() });
  return [200, { message: `Deleted. Refunded: ${toMajor(refunded)}` }] as const;
}

export function savingsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/savings', legacyRoute(deps, 'savings', listSavings));
  app.post('/savings', legacyRoute(deps, 'savings', createSaving));
  app.post('/savingsDelete', legacyRoute(deps, 'savingsDelete', deleteSaving));
}
