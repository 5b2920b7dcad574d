/** Telling GitHub's expected refusals (404, 409, 422…) apart from real failures. */
export function httpStatus(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : null;
}

/** Run `call`; when GitHub answers with one of `statuses`, return `fallback` instead of throwing. */
export async function unlessStatus<T, F>(
  statuses: number[],
  call: () => Promise<T>,
  fallback: F,
): Promise<T | F> {
  try {
    return await call();
  } catch (error) {
    const status = httpStatus(error);
    if (status !== null && statuses.includes(status)) return fallback;
    throw error;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
