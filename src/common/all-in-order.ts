/**
 * Awaits independent work side by side and returns the results in order. If any failed, throws the
 * first failure in list order, not in time order, so the error a client gets (which reference was
 * wrong, say) does not depend on which query answered first.
 */
export async function allInOrder<T extends readonly unknown[]>(
  work: [...T],
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(work);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}
