import { describe, expect, it } from 'vitest';
import { buildCsv, csvField, safeText } from './csv.ts';

describe('csvField', () => {
  it('leaves plain text and numbers as they are', () => {
    expect(csvField('hello')).toBe('hello');
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('safeText', () => {
  it('prefixes text a spreadsheet would run as a formula', () => {
    expect(safeText('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(safeText('+1')).toBe("'+1");
    expect(safeText('@x')).toBe("'@x");
    expect(safeText('rent')).toBe('rent');
  });
});

describe('buildCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    const csv = buildCsv(
      ['date', 'note', 'amount'],
      [
        ['2025-01-02', 'lunch, with "Bo"', '-120.00'],
        ['2025-01-03', '', '500.00'],
      ],
    );
    expect(csv).toBe(
      'date,note,amount\r\n2025-01-02,"lunch, with ""Bo""",-120.00\r\n2025-01-03,,500.00\r\n',
    );
  });

  it('writes only the header for no rows', () => {
    expect(buildCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
