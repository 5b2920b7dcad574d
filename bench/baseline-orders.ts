/** The orders Drover's is compared with in the scheduling benchmark. */
import { byAge, type ReadyOrder } from '../core/ready-order.js';

/** First in, first out: by issue number. */
export const fifoOrder: ReadyOrder = (a, b) => a.number - b.number;

/** The original Drover's order (the "seed"): priority, then age. */
export const seedOrder: ReadyOrder = (a, b) => b.priority - a.priority || byAge(a, b);
