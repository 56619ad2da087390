import { describe } from 'vitest';
import { balanceLimitContract } from './balance-limit.ts';
import { codeContract } from './codes.ts';
import { concurrencyContract } from './concurrency.ts';
import { contactContract } from './contacts.ts';
import { credentialContract } from './credentials.ts';
import { eventContract } from './events.ts';
import { goalContract } from './goals.ts';
import type { StoreFactory } from './helpers.ts';
import { historyContract } from './history.ts';
import { lifecycleContract } from './lifecycle.ts';
import { outboxContract } from './outbox.ts';
import { propertyContract } from './property.ts';
import { raceContract } from './races.ts';
import { rateLimitContract } from './rate-limits.ts';
import { requestContract } from './requests.ts';
import { scheduleContract } from './schedules.ts';
import { sessionContract } from './sessions.ts';
import { smsContract } from './sms.ts';
import { transferContract } from './transfers.ts';
import { userContract } from './users.ts';

export type { StoreFactory } from './helpers.ts';

/** The one behavioural contract every Store must meet; run it once per store. */
export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    userContract(factory);
    transferContract(factory);
    balanceLimitContract(factory);
    historyContract(factory);
    goalContract(factory);
    contactContract(factory);
    sessionContract(factory);
    credentialContract(factory);
    codeContract(factory);
    rateLimitContract(factory);
    smsContract(factory);
    concurrencyContract(factory);
    raceContract(factory);
    propertyContract(factory);
    lifecycleContract(factory);
    scheduleContract(factory);
    eventContract(factory);
    requestContract(factory);
    outboxContract(factory);
  });
}
