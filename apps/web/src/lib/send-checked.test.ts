import { describe, expect, it } from 'vitest';
import { sendChecked } from './send-checked.ts';

const lost = () => new TypeError('Failed to fetch');
const refusal = () =>
  Object.assign(new Error('no'), {
    data: { code: 'PRECONDITION_FAILED', domainCode: 'INSUFFICIENT_FUNDS' },
  });
const noWait = async () => {};

/** A fake call that fails with each given error in turn, then answers 'ok'. */
function calls(...errors: Error[]) {
  let n = 0;
  const fn = async () => {
    const e = errors[n++];
    if (e) throw e;
    return 'ok';
  };
  return { fn, count: () => n };
}

describe('sendChecked', () => {
  it('answers at once when the first answer arrives', async () => {
    const c = calls();
    expect(await sendChecked(c.fn, [1], noWait)).toEqual({
      result: 'ok',
      confirmedAfterLoss: false,
    });
    expect(c.count()).toBe(1);
  });

  it('asks again after a lost answer and says it was confirmed', async () => {
    const c = calls(lost(), lost());
    expect(await sendChecked(c.fn, [1, 1, 1], noWait)).toEqual({
      result: 'ok',
      confirmedAfterLoss: true,
    });
    expect(c.count()).toBe(3);
  });

  it('says "not sent" with the reason when the re-send is refused', async () => {
    const c = calls(lost(), refusal());
    await expect(sendChecked(c.fn, [1], noWait)).rejects.toThrow(
      'Not sent: Not enough money in the account for that.',
    );
  });

  it('passes a refusal of the first send through unchanged', async () => {
    const e = refusal();
    await expect(sendChecked(calls(e).fn, [1], noWait)).rejects.toBe(e);
  });

  it('never says "check your connection" when every check is lost', async () => {
    const c = calls(lost(), lost(), lost());
    const err = await sendChecked(c.fn, [1, 1], noWait).catch((x: unknown) => x);
    expect(String(err)).toMatch(/could not reach Quickpay to find out whether this went through/);
    expect(String(err)).not.toMatch(/connection/);
    expect(c.count()).toBe(3);
  });
});
