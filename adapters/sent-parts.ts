/**
 * How many parts (messages) of each delivery already went out before a retryable failure, so the
 * retry of that delivery (same id, most often in this instance) resumes after them instead of
 * repeating what the buyer already has. In memory, per instance, bounded: oldest forgotten first.
 */
export class SentParts {
  #sent = new Map<string, number>();
  constructor(private readonly max = 1000) {}

  /** Parts of this delivery already sent: start after them. */
  done(deliveryId: string): number {
    return this.#sent.get(deliveryId) ?? 0;
  }

  /** A send failed after `sent` parts: remember them if the delivery will be retried. */
  failed(deliveryId: string, sent: number, retryable: boolean): void {
    this.#sent.delete(deliveryId);
    if (!retryable || sent === 0) return;
    this.#sent.set(deliveryId, sent);
    if (this.#sent.size > this.max) this.#sent.delete(this.#sent.keys().next().value!);
  }

  /** Every part went out. */
  finished(deliveryId: string): void {
    this.#sent.delete(deliveryId);
  }
}
