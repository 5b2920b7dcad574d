/**
 * One webhook target (one app replica behind a load balancer): its own queue, sent one delivery
 * at a time and in order, signed with the target's secret. A target can be held (deliveries wait
 * until released) or dropping (deliveries routed to it are lost, as to a replica that is down).
 * A failed delivery is recorded on the delivery (`failed`), never thrown.
 */
import type { Delivery } from './delivery.js';
import { signPayload } from './sign.js';

export interface DeliveryTarget {
  url: string;
  secret: string;
}

export class DeliveryLane {
  private queue: Delivery[] = [];
  private running = false;
  private holding = false;
  private dropping = false;

  constructor(
    readonly target: DeliveryTarget,
    /** Sent as `X-GitHub-Hook-Installation-Target-ID` (the app id). */
    private readonly targetId: number,
    private readonly log: (message: string) => void,
    /** Called whenever the lane may have become idle. */
    private readonly onIdle: () => void,
  ) {}

  get url(): string {
    return this.target.url;
  }

  get state(): { url: string; holding: boolean; dropping: boolean; queued: number } {
    return { url: this.url, holding: this.holding, dropping: this.dropping, queued: this.queue.length };
  }

  enqueue(delivery: Delivery): void {
    if (this.dropping) {
      delivery.status = 'dropped';
      delivery.attempts.push({ target: this.url, status: 'dropped' });
      return;
    }
    delivery.status = this.holding ? 'held' : 'pending';
    this.queue.push(delivery);
    this.pump();
  }

  hold(): void {
    this.holding = true;
    for (const delivery of this.queue) delivery.status = 'held';
  }

  release(): void {
    this.holding = false;
    for (const delivery of this.queue) delivery.status = 'pending';
    this.pump();
  }

  drop(on = true): void {
    this.dropping = on;
  }

  /** Empties the queue (for re-routing when the targets change) and returns what was in it. */
  takeQueued(): Delivery[] {
    const queued = this.queue;
    this.queue = [];
    return queued;
  }

  /** Idle: nothing in flight, and nothing queued unless held. */
  isSettled(): boolean {
    return !this.running && (this.queue.length === 0 || this.holding);
  }

  private pump(): void {
    if (this.running || this.holding || this.queue.length === 0) {
      this.onIdle();
      return;
    }
    this.running = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    while (!this.holding && this.queue.length > 0) {
      await this.send(this.queue.shift() as Delivery);
    }
    this.running = false;
    this.pump();
  }

  private async send(delivery: Delivery): Promise<void> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/simulator',
          'x-github-event': delivery.event,
          'x-github-delivery': delivery.id,
          'x-github-hook-id': '1',
          'x-github-hook-installation-target-type': 'integration',
          'x-github-hook-installation-target-id': String(this.targetId),
          'x-hub-signature-256': signPayload(this.target.secret, delivery.body),
        },
        body: delivery.body,
      });
      await response.arrayBuffer();
      delivery.status = response.status;
      delivery.attempts.push({ target: this.url, status: response.status });
    } catch (error) {
      delivery.status = 'failed';
      delivery.error = error instanceof Error ? error.message : String(error);
      delivery.attempts.push({ target: this.url, status: 'failed', error: delivery.error });
      this.log(`webhook ${delivery.event} ${delivery.id} to ${this.url} failed: ${delivery.error}`);
    }
  }
}
