import {
  MongoError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
} from 'mongodb';
import { type DomainError, isDomainError, storeBusy } from '../errors.ts';

const MAX_TIME_MS_EXPIRED = 50;
/** A write concern's wtimeout (the driver's 10 s default on a transaction's commit). */
const WRITE_CONCERN_FAILED = 64;

const codeOf = (e: MongoServerError): unknown => e.code;
const concernCodeOf = (e: MongoServerError): unknown =>
  (e as { writeConcernError?: { code?: unknown } }).writeConcernError?.code;

const busy = (why: string, cause: unknown): DomainError => {
  const error = storeBusy(why);
  error.cause = cause;
  return error;
};

/**
 * The driver's errors that mean "the database could not do it in bounded time" (the
 * client timeouts in client-options.ts) as STORE_BUSY, which the API answers with 503
 * and Retry-After. Anything else is returned unchanged (a 500: a real fault).
 */
export function asBusy(e: unknown): unknown {
  if (isDomainError(e)) return e;
  if (e instanceof MongoServerSelectionError) return busy('no MongoDB primary is reachable', e);
  if (e instanceof MongoError && e.name === 'MongoWaitQueueTimeoutError') {
    return busy('every database connection is in use', e);
  }
  if (e instanceof MongoNetworkTimeoutError) return busy('the database did not answer in time', e);
  if (e instanceof MongoServerError) {
    const codes = [codeOf(e), concernCodeOf(e)];
    if (codes.includes(MAX_TIME_MS_EXPIRED) || codes.includes(WRITE_CONCERN_FAILED)) {
      // The commit may have applied on the primary: a retry with the same idempotency
      // key answers with that transfer, or makes it.
      return busy('a majority of the replica set did not confirm the write in time', e);
    }
  }
  return e;
}

/**
 * The store with every method's failures passed through asBusy, so each of its ~40
 * methods (and any added later) answers 503 on a timeout without its own try/catch.
 */
export function withBusyErrors<S extends object>(store: S): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = Reflect.apply(value, target, args);
        } catch (e) {
          throw asBusy(e);
        }
        if (!(result instanceof Promise)) return result;
        return result.catch((e: unknown) => {
          throw asBusy(e);
        });
      };
    },
  });
}
