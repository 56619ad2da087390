/** This store's area factories (../areas.ts), one line per area; nothing else here. */
export { codes } from './codes.ts';
export { contacts } from './contacts.ts';
export { events } from './events.ts';
export { goals } from './goals.ts';
export { ledger } from './ledger.ts';
export { rateLimits } from './rate-limits.ts';
export { requests } from './requests.ts';
export { schedules } from './schedules.ts';
export { sessions } from './sessions.ts';
export { sms } from './sms.ts';
export { users } from './users.ts';
