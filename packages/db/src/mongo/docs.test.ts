import { BSON, Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  type GoalDoc,
  money,
  type SessionDoc,
  type SmsDoc,
  toGoal,
  toSession,
  toSms,
  toTransfer,
  toUser,
  type UserDoc,
} from './docs.ts';
import { at, transferDoc } from './test-fixtures.ts';

describe('document mapping', () => {
  it('money accepts integers of minor units, also beyond 2^31', () => {
    expect(money(0)).toBe(0);
    expect(money(-5)).toBe(-5);
    expect(money(2 ** 31 + 7)).toBe(2 ** 31 + 7);
    expect(money(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('money refuses fractions, unsafe integers and non-numbers (a Long left unpromoted)', () => {
    expect(() => money(1.5)).toThrow(TypeError);
    expect(() => money(2 ** 53)).toThrow(TypeError);
    expect(() => money('100')).toThrow(TypeError);
    expect(() => money(Long.fromString('9007199254740993'))).toThrow(TypeError);
    expect(() => money(null)).toThrow(TypeError);
  });

  it('as stored, amounts are int32 up to 2^31 and double above; longs read back as numbers', () => {
    const roundTrip = (v: unknown): unknown => BSON.deserialize(BSON.serialize({ v })).v;
    const bsonType = (v: number): unknown =>
      BSON.deserialize(BSON.serialize({ v }), { promoteValues: false }).v?._bsontype;
    expect(bsonType(1_000_000_000)).toBe('Int32');
    expect(bsonType(-(2 ** 31))).toBe('Int32');
    expect(bsonType(2 ** 31)).toBe('Double');
    expect(money(roundTrip(2 ** 53 - 1))).toBe(2 ** 53 - 1);
    // $inc promotes an int32 that overflows to int64; the driver hands it back as a number.
    expect(money(roundTrip(Long.fromNumber(2 ** 40 + 3)))).toBe(2 ** 40 + 3);
    expect(() => money(roundTrip(Long.fromString('9007199254740993')))).toThrow(TypeError);
  });

  it('toUser maps _id to id and keeps every field', () => {
    const doc: UserDoc = {
      _id: 'u1',
      accountNumber: 1000,
      fullName: 'Asha Rao',
      phone: '+919800000001',
      passwordHash: 'h',
      age: null,
      gender: 'female',
      smsAlerts: false,
      createdAt: at,
      passwordChangedAt: at,
      credentialVersion: 3,
    };
    const { _id, ...rest } = doc;
    expect(toUser(doc)).toEqual({ id: 'u1', ...rest });
    // A user written before credential versions reads as version 0.
    const { credentialVersion: _v, ...old } = doc;
    expect(toUser(old).credentialVersion).toBe(0);
  });

  it('toTransfer maps both sides and drops the accounts index field', () => {
    const t = toTransfer(transferDoc);
    expect(t).toEqual({
      id: transferDoc._id,
      kind: 'transfer',
      amount: 300,
      debit: transferDoc.debit,
      credit: transferDoc.credit,
      note: 'rent',
      initiatorId: 'a',
      idempotencyKey: 'k1',
      createdAt: at,
    });
  });

  it('toTransfer refuses a stored fractional amount instead of passing it on', () => {
    expect(() => toTransfer({ ...transferDoc, amount: 2.5 })).toThrow(TypeError);
    const side = { ...transferDoc.credit, balanceAfter: 0.1 };
    expect(() => toTransfer({ ...transferDoc, credit: side })).toThrow(TypeError);
  });

  it('toGoal takes savedAmount from the ledger balance and hides the close bookkeeping', () => {
    const doc: GoalDoc = {
      _id: 'g1',
      ownerId: 'a',
      name: 'Bike',
      targetAmount: 5000,
      color: '#fff',
      description: '',
      targetDate: null,
      status: 'closed',
      createdAt: at,
      closedAt: at,
      closeKey: 'k',
      closeRefunded: 10,
      closeTransferId: 't',
      closeBalance: 20,
    };
    expect(toGoal(doc, 400)).toEqual({
      id: 'g1',
      ownerId: 'a',
      name: 'Bike',
      targetAmount: 5000,
      savedAmount: 400,
      color: '#fff',
      description: '',
      targetDate: null,
      status: 'closed',
      createdAt: at,
      closedAt: at,
    });
  });

  it('toSession and toSms map _id to id', () => {
    const s: SessionDoc = {
      _id: 's1',
      userId: 'a',
      refreshHash: 'h',
      createdAt: at,
      lastUsedAt: at,
      expiresAt: at,
      authTime: at,
      revokedAt: null,
      userAgent: 'ua',
      ip: '::1',
    };
    expect(toSession(s)).toMatchObject({ id: 's1', userId: 'a', revokedAt: null });
    expect(toSession(s)).not.toHaveProperty('_id');
    const m: SmsDoc = {
      _id: 'm1',
      to: '+91',
      body: 'b',
      purpose: 'otp',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      lastError: null,
      providerId: null,
      createdAt: at,
      sentAt: null,
    };
    expect(toSms(m)).toMatchObject({ id: 'm1', to: '+91', status: 'pending' });
    expect(toSms(m)).not.toHaveProperty('_id');
  });
});
