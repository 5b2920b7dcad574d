/** One webhook delivery as the simulator records it. */

export interface DeliveryAttempt {
  /** The target's URL. */
  target: string;
  /** The HTTP status the target answered, `failed` (no answer) or `dropped` (target dropping). */
  status: number | 'failed' | 'dropped';
  error?: string;
}

export interface Delivery {
  /** The `X-GitHub-Delivery` GUID. A redelivery keeps it; a replay has a new one. */
  id: string;
  event: string;
  action: string | undefined;
  payload: Record<string, unknown>;
  /** The exact body sent and signed (the payload's JSON, fixed when the event was emitted). */
  body: string;
  /** `pending`, `held`, `dropped`, `failed`, or the HTTP status the target answered (last attempt). */
  status: 'pending' | 'held' | 'dropped' | 'failed' | number;
  error?: string;
  /** Every attempt to send it, in order (several with the `all` strategy or a duplicate). */
  attempts: DeliveryAttempt[];
  /** A redelivery of an earlier delivery (same id), as GitHub's "Redeliver" makes. */
  redelivery?: boolean;
  /** A replay: the id of the captured delivery whose body (and so signature) was sent again. */
  replayOf?: string;
}

export type DeliveryPredicate = (delivery: Delivery) => boolean;
