import { describe, expect, it } from 'vitest';
import { describeDevice } from './device.ts';

describe('describeDevice', () => {
  it('names the browser and the device in words', () => {
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      ),
    ).toEqual({
      label: 'Chrome 126 on Android phone',
      browser: 'Chrome 126',
      os: 'Android phone',
      type: 'mobile',
    });
    expect(
      describeDevice(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ).label,
    ).toBe('Safari 17 on iPhone');
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      ).label,
    ).toBe('Firefox 133 on Windows');
  });

  it('says "Unknown device" for an empty or unrecognised User-Agent', () => {
    expect(describeDevice('').label).toBe('Unknown device');
    expect(describeDevice('phone app').label).toBe('Unknown device');
  });
});
