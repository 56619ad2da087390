import { describe, expectTypeOf, it } from 'vitest';
import type { QuickpayClient, RouterInputs, RouterOutputs } from './index.ts';

describe('the client infers the router types', () => {
  it('payments.transfer resolves to the new balance and the transfer', () => {
    type Out = Awaited<ReturnType<QuickpayClient['payments']['transfer']['mutate']>>;
    expectTypeOf<Out>().toEqualTypeOf<RouterOutputs['payments']['transfer']>();
    expectTypeOf<Out['balance']>().toEqualTypeOf<number>();
    expectTypeOf<Out['transfer']['id']>().toEqualTypeOf<string>();
    expectTypeOf<Out['transfer']['amount']>().toEqualTypeOf<number>();
  });

  it('payments.transfer input needs the recipient, the amount and an idempotency key', () => {
    type In = RouterInputs['payments']['transfer'];
    expectTypeOf<In>().toHaveProperty('toAccountNumber').toEqualTypeOf<number>();
    expectTypeOf<In>().toHaveProperty('idempotencyKey').toEqualTypeOf<string>();
    expectTypeOf<{ toAccountNumber: number; amount: number }>().not.toExtend<In>();
    expectTypeOf<{
      toAccountNumber: number;
      amount: number;
      idempotencyKey: string;
    }>().toExtend<In>();
  });

  it('auth.logIn input requires a password, with an account number or a phone', () => {
    type In = RouterInputs['auth']['logIn'];
    expectTypeOf<{ accountNumber: number; password: string }>().toExtend<In>();
    expectTypeOf<{ phone: string; password: string }>().toExtend<In>();
    expectTypeOf<{ accountNumber: number }>().not.toExtend<In>();
    expectTypeOf<{ phone: string }>().not.toExtend<In>();
  });

  it('auth.signUp resolves to the user and an access token', () => {
    type Out = RouterOutputs['auth']['signUp'];
    expectTypeOf<Out['accessToken']>().toEqualTypeOf<string>();
    expectTypeOf<Out['user']['accountNumber']>().toEqualTypeOf<number>();
  });

  it('account.dashboard is a query without input whose balance is a number', () => {
    type Query = QuickpayClient['account']['dashboard']['query'];
    expectTypeOf<Awaited<ReturnType<Query>>['balance']>().toEqualTypeOf<number>();
    // Callable without an argument: no input to send.
    expectTypeOf<Query>().toBeCallableWith();
  });

  it('refuses a call with a wrongly typed amount at compile time', () => {
    const client = null as unknown as QuickpayClient;
    // @ts-expect-error amount is a number of minor units, not a string
    void (() => client.payments.deposit.mutate({ amount: '100', idempotencyKey: 'k-12345678' }));
  });
});
