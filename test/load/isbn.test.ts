/**
 * `isbn:` in booklet.yaml: an ISBN-13 with a right check digit passes; an ISBN-10 is refused with
 * the same book's ISBN-13 to copy (never someone else's), unless its own check digit is wrong.
 */
import { describe, expect, it } from 'vitest';
import { checkIsbn } from '../../src/load/schema.js';

describe('checkIsbn', () => {
  it.each([
    ['0-306-40615-2', 'isbn: 978-0-306-40615-7'],
    ['0306406152', 'isbn: 9780306406157'],
    ['2-9512345-0-3', 'isbn: 978-2-9512345-0-5'],
    ['0 8044 2957 X', 'isbn: 978 0 8044 2957 3'],
  ])('an ISBN-10 %s is refused with its own ISBN-13 (%s)', (isbn10, want) => {
    const r = checkIsbn(isbn10)!;
    expect(r.message).toMatch(/is a 10-digit ISBN — write the same book's 13-digit ISBN: /);
    expect(r.message.endsWith(want)).toBe(true);
    // The suggestion is itself a valid ISBN-13.
    expect(checkIsbn(want.slice('isbn: '.length))).toBeUndefined();
  });

  it('an ISBN-10 whose check digit is wrong gets no suggestion', () => {
    const r = checkIsbn('0-306-40615-3')!;
    expect(r.message).toMatch(/10-digit ISBN, and its last digit \(the check digit\) does not match the others — copy the 13-digit ISBN/);
    expect(r.message).not.toMatch(/isbn: 978/);
  });

  it('a valid ISBN-13 passes', () => {
    expect(checkIsbn('978-2-9512345-0-5')).toBeUndefined();
  });
});
