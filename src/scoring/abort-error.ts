/**
 * Piscina rejects an aborted task with an error named 'AbortError' (its own class, not exported as
 * a stable type), and fetch/undici use the same name, so the name is the contract callers check.
 */
export function isAbortError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'AbortError';
}
