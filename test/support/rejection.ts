/** What a call failed with, for exact assertions on the error itself; the test fails when the call succeeded. */

/** What `p` rejected with. */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, got a result');
}

/** What `f` threw. */
export function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
