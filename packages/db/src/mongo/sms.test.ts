import { describe, expect, it } from 'vitest';
import { NAMES } from './collections.ts';
import { CLAIM_ORDER, dueFilter } from './sms.ts';
import { SPECS } from './specs.ts';

describe('SMS outbox claims', () => {
  it('due means pending or an expired lease, at or before now', () => {
    expect(dueFilter(1000, [])).toEqual({
      status: { $in: ['pending', 'sending'] },
      nextAttemptAt: { $lte: new Date(1000) },
    });
  });

  it('messages already leased by this claim are never due again within it', () => {
    expect(dueFilter(1000, ['a', 'b'])).toMatchObject({ _id: { $nin: ['a', 'b'] } });
  });

  it('the outbox index gives the claim order after the status, so no sort is needed', () => {
    const outbox = SPECS.find((s) => s.name === NAMES.smsOutbox);
    const due = outbox?.indexes.find((i) => i.name === 'due_in_order');
    expect(Object.entries(due?.key ?? {})).toEqual([['status', 1], ...Object.entries(CLAIM_ORDER)]);
    expect(outbox?.indexes.map((i) => i.name)).not.toContain('due'); // set-up drops it
  });
});
