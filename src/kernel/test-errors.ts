import { RevloopsError } from './errors.js';

/** The RevloopsError `fn` throws; fails the test when `fn` returns or throws anything else. */
export function thrownBy(
  fn: () => unknown,
  expected = 'expected a RevloopsError, but nothing was thrown',
): RevloopsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RevloopsError) return err;
    throw err;
  }
  throw new Error(expected);
}
