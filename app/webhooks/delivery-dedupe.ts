/**
 * Remembers the last N `X-GitHub-Delivery` ids so a redelivered webhook is handled once. The
 * memory is only an optimisation: handling a delivery twice is harmless (every write is
 * idempotent), it just costs requests.
 */
export class DeliveryDedupe {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }

  /** True the first time an id is seen, false for a repeat. */
  firstTime(deliveryId: string): boolean {
    if (this.seen.has(deliveryId)) return false;
    this.seen.add(deliveryId);
    // A Set iterates in insertion order: the first value is the oldest.
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
