import type { UserId } from './ids.ts';

/** Live events (issue 17): the store code is events.ts in each store. */

export const EVENT_TYPES = ['transfer', 'request', 'goal', 'schedule', 'session_ended'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Plain JSON, as stored in an event's payload. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Something that happened to one user, kept for EVENT_RETENTION and replayed in order.
 * `seq` is the user's own counter (1, 2, 3 ... with no gaps, never reused), so a
 * reader that has seen n knows that n + 1 is the next one and can tell what it missed.
 */
export interface UserEvent {
  userId: UserId;
  seq: number;
  type: EventType;
  at: Date;
  payload: { [key: string]: Json };
}

export interface NewEvent {
  userId: UserId;
  type: EventType;
  payload: { [key: string]: Json };
}
