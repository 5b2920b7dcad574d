/**
 * Webhook deliveries: every emitted event becomes a Delivery, queued in order and routed to the
 * webhook targets, signed like GitHub's. Tests can hold the queue, drop or duplicate chosen
 * deliveries, reorder the held ones, redeliver or replay a past one; `settled()` resolves once
 * every delivery that is not held has been answered.
 *
 * Several targets stand for app replicas behind a load balancer: with `round-robin` or `random`
 * each delivery reaches one of them; with `all` every target gets every delivery. Each target
 * sends in order, one at a time, and can be held or dropping on its own (delivery-lane.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Delivery, DeliveryPredicate } from './delivery.js';
import { DeliveryLane, type DeliveryTarget } from './delivery-lane.js';

export type { Delivery, DeliveryAttempt, DeliveryPredicate } from './delivery.js';
export type { DeliveryTarget } from './delivery-lane.js';

export type TargetStrategy = 'round-robin' | 'random' | 'all';

export interface TargetOptions {
  /** How a delivery picks its target(s) (default `round-robin`). */
  strategy?: TargetStrategy;
  /** Seed of the `random` strategy (default 0): the n-th routed delivery always picks the same target. */
  seed?: number | string;
}

export class WebhookDeliverer {
  readonly deliveries: Delivery[] = [];
  private queue: Delivery[] = [];
  private lanes: DeliveryLane[] = [];
  private strategy: TargetStrategy = 'round-robin';
  private seed = '0';
  private routed = 0;
  private holding = false;
  private readonly dropRules: DeliveryPredicate[] = [];
  private readonly duplicateRules: DeliveryPredicate[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    /** Sent as `X-GitHub-Hook-Installation-Target-ID` (the app id). */
    private readonly targetId: number,
    private readonly log: (message: string) => void = () => {},
    /** Sees every emitted event's delivery, delivered or not (the event history). */
    private readonly observe: (delivery: Delivery) => void = () => {},
  ) {}

  /** One target (replaces any others). */
  setTarget(url: string, secret: string): void {
    this.setTargets([{ url, secret }]);
  }

  /**
   * Several targets and how deliveries are spread over them. Replaces the previous targets;
   * deliveries still queued at those (held ones included) are routed again, never lost.
   */
  setTargets(targets: DeliveryTarget[], options: TargetOptions = {}): void {
    if (new Set(targets.map((t) => t.url)).size !== targets.length)
      throw new Error('Webhook target URLs must differ');
    const stranded = new Set(this.lanes.flatMap((lane) => lane.takeQueued()));
    this.queue = [...stranded, ...this.queue];
    this.lanes = targets.map(
      (target) => new DeliveryLane(target, this.targetId, this.log, () => this.notifySettled()),
    );
    this.strategy = options.strategy ?? 'round-robin';
    this.seed = String(options.seed ?? 0);
    this.routed = 0;
    this.pump();
  }

  targets(): Array<{ url: string; holding: boolean; dropping: boolean; queued: number }> {
    return this.lanes.map((lane) => lane.state);
  }

  /** Hold (`hold`), release, drop or stop dropping the deliveries routed to one target. */
  target(url: string): DeliveryLane {
    const lane = this.lanes.find((candidate) => candidate.url === url);
    if (!lane)
      throw new Error(`No webhook target ${url}; targets: ${this.lanes.map((l) => l.url).join(', ')}`);
    return lane;
  }

  /** Queues a delivery for an emitted event; sending happens asynchronously and in order. */
  emit(event: string, payload: Record<string, unknown>): Delivery {
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    const delivery: Delivery = {
      id: randomUUID(),
      event,
      action,
      payload,
      body: JSON.stringify(payload),
      status: 'pending',
      attempts: [],
    };
    this.deliveries.push(delivery);
    this.observe(delivery);
    if (this.dropRules.some((rule) => rule(delivery))) {
      delivery.status = 'dropped';
      return delivery;
    }
    this.enqueue(delivery);
    if (this.duplicateRules.some((rule) => rule(delivery))) this.enqueue(delivery);
    return delivery;
  }

  /**
   * Sends a past delivery again as GitHub's "Redeliver" does: same `X-GitHub-Delivery` GUID
   * (GitHub's docs: the GUID identifies the event, and a redelivery carries the same one), same
   * body, recorded as a new delivery with `redelivery: true`.
   */
  redeliver(id: string): Delivery {
    return this.resend(this.find(id), { id, redelivery: true });
  }

  /**
   * Re-sends a captured delivery's exact body under a new delivery id, as an attacker replaying
   * it would: the signature covers the body only, so it still verifies.
   */
  replay(id: string): Delivery {
    return this.resend(this.find(id), { id: randomUUID(), replayOf: id });
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

  /** Resolves when nothing is queued or in flight (held deliveries and targets excepted). */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private find(id: string): Delivery {
    const original = this.deliveries.find((delivery) => delivery.id === id);
    if (!original) throw new Error(`No webhook delivery ${id}`);
    return original;
  }

  private resend(original: Delivery, identity: Pick<Delivery, 'id' | 'redelivery' | 'replayOf'>): Delivery {
    const { event, action, payload, body } = original;
    const delivery: Delivery = { ...identity, event, action, payload, body, status: 'pending', attempts: [] };
    this.deliveries.push(delivery);
    this.enqueue(delivery);
    return delivery;
  }

  private enqueue(delivery: Delivery): void {
    this.queue.push(delivery);
    if (this.holding) delivery.status = 'held';
    this.pump();
  }

  private isSettled(): boolean {
    const queueIdle = this.queue.length === 0 || this.holding || this.lanes.length === 0;
    return queueIdle && this.lanes.every((lane) => lane.isSettled());
  }

  /** Routes the queue to the targets unless held (or there is no target yet). */
  private pump(): void {
    while (!this.holding && this.lanes.length > 0 && this.queue.length > 0) {
      const delivery = this.queue.shift() as Delivery;
      for (const lane of this.pick()) lane.enqueue(delivery);
    }
    this.notifySettled();
  }

  private pick(): DeliveryLane[] {
    if (this.strategy === 'all') return this.lanes;
    const n = this.routed++;
    const index =
      this.strategy === 'round-robin'
        ? n % this.lanes.length
        : parseInt(createHash('sha256').update(`${this.seed}|${n}`).digest('hex').slice(0, 12), 16) %
          this.lanes.length;
    return [this.lanes[index] as DeliveryLane];
  }

  private notifySettled(): void {
    if (!this.isSettled()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
