export * from './cash.ts';
export * from './constants.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './ids.ts';
export * from './money.ts';
export * from './schedules.ts';
export type * from './store.ts';
export * from './types.ts';
