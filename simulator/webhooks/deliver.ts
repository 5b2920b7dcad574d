/**
 * Webhook deliveries: queued in order, posted one at a time to the target, signed like
 * GitHub's. Tests can hold the queue, drop or duplicate chosen deliveries and reorder the held
 * ones; `settled()` resolves once every delivery that is not held has been answered.
 * A failed delivery is logged on the delivery (status `failed`), never thrown.
 */
import { randomUUID } from 'node:crypto';
import { signPayload } from './sign.js';

export interface Delivery {
  id: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** `pending`, `held`, `dropped`, `failed`, or the HTTP status the target answered. */
  status: 'pending' | 'held' | 'dropped' | 'failed' | number;
  error?: string;
}

export type DeliveryPredicate = (delivery: Delivery) => boolean;

export interface DeliveryTarget {
  url: string;
  secret: string;
}

export class WebhookDeliverer {
  readonly deliveries: Delivery[] = [];
  private queue: Delivery[] = [];
  private target: DeliveryTarget | undefined;
  private holding = false;
  private running = false;
  private readonly dropRules: DeliveryPredicate[] = [];
  private readonly duplicateRules: DeliveryPredicate[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    /** Sent as `X-GitHub-Hook-Installation-Target-ID` (the app id). */
    private readonly targetId: number,
    private readonly log: (message: string) => void = () => {},
  ) {}

  setTarget(url: string, secret: string): void {
    this.target = { url, secret };
    this.pump();
  }

  /** Queues a delivery; sending happens asynchronously and in order. */
  emit(event: string, payload: Record<string, unknown>): Delivery {
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    const delivery: Delivery = { id: randomUUID(), event, action, payload, status: 'pending' };
    this.deliveries.push(delivery);
    if (this.dropRules.some((rule) => rule(delivery))) {
      delivery.status = 'dropped';
      return delivery;
    }
    this.queue.push(delivery);
    if (this.duplicateRules.some((rule) => rule(delivery))) this.queue.push(delivery);
    if (this.holding) delivery.status = 'held';
    this.pump();
    return delivery;
  }

  /** Keep new and queued deliveries until `release()`. */
  hold(): void {
    this.holding = true;
    for (const delivery of this.queue) delivery.status = 'held';
  }

  release(): void {
    this.holding = false;
    for (const delivery of this.queue) delivery.status = 'pending';
    this.pump();
  }

  /** Deliveries matching the predicate are recorded as `dropped` and never sent. */
  drop(predicate: DeliveryPredicate): void {
    this.dropRules.push(predicate);
  }

  /** Deliveries matching the predicate are sent twice (same delivery id, as a redelivery). */
  duplicate(predicate: DeliveryPredicate): void {
    this.duplicateRules.push(predicate);
  }

  /** Reorders the queued (held) deliveries; default: reverse them. */
  reorder(order: (queued: Delivery[]) => Delivery[] = (queued) => [...queued].reverse()): void {
    this.queue = order(this.queue);
  }

  /** Removes drop/duplicate rules. */
  clearRules(): void {
    this.dropRules.length = 0;
    this.duplicateRules.length = 0;
  }

  /** Resolves when nothing is queued or in flight (held deliveries excepted). */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isSettled(): boolean {
    return !this.running && (this.queue.length === 0 || this.holding || !this.target);
  }

  private pump(): void {
    if (this.running) return;
    if (this.holding || !this.target || this.queue.length === 0) {
      this.notifySettled();
      return;
    }
    this.running = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    while (!this.holding && this.target && this.queue.length > 0) {
      const delivery = this.queue.shift() as Delivery;
      await this.send(delivery, this.target);
    }
    this.running = false;
    this.pump();
  }

  private async send(delivery: Delivery, target: DeliveryTarget): Promise<void> {
    const body = JSON.stringify(delivery.payload);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/simulator',
          'x-github-event': delivery.event,
          'x-github-delivery': delivery.id,
          'x-github-hook-id': '1',
          'x-github-hook-installation-target-type': 'integration',
          'x-github-hook-installation-target-id': String(this.targetId),
          'x-hub-signature-256': signPayload(target.secret, body),
        },
        body,
      });
      await response.arrayBuffer();
      delivery.status = response.status;
    } catch (error) {
      delivery.status = 'failed';
      delivery.error = error instanceof Error ? error.message : String(error);
      this.log(`webhook ${delivery.event} ${delivery.id} to ${target.url} failed: ${delivery.error}`);
    }
  }

  private notifySettled(): void {
    if (!this.isSettled()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
