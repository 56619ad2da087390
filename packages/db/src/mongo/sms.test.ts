import { describe, expect, it } from 'vitest';
import { dueFilter } from './sms.ts';

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
});
