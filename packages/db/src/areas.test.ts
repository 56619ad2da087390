import { describe, expect, it } from 'vitest';
import { type AreaFactories, assembleAreas } from './areas.ts';
import * as mongoAreas from './mongo/areas.ts';
import * as sqliteAreas from './sqlite/areas.ts';

describe('store areas', () => {
  it('both stores list the same area factories, and nothing else', () => {
    const names = [
      'codes',
      'contacts',
      'events',
      'goals',
      'ledger',
      'rateLimits',
      'requests',
      'schedules',
      'sessions',
      'sms',
      'users',
    ];
    expect(Object.keys(sqliteAreas).sort()).toEqual(names);
    expect(Object.keys(mongoAreas).sort()).toEqual(names);
  });

  it('refuses two areas that define one method (a spread would keep only the last)', () => {
    const fake = { ...sqliteAreas } as unknown as Record<string, () => object>;
    for (const name of Object.keys(fake)) fake[name] = () => ({});
    fake.users = () => ({ listSms: () => 'users' });
    fake.sms = () => ({ listSms: () => 'sms' });
    expect(() => assembleAreas(null, fake as unknown as AreaFactories<null>)).toThrow(
      'two store areas define listSms',
    );
  });
});
