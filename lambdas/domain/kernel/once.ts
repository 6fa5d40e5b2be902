/**
 * A value loaded at most once per warm function — a secret, a public key, wiring that reads one — whose load is tried
 * again on the next call when it failed, instead of poisoning the function until it is recycled.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}
