/**
 * A map keyed by issue numbers, for the planner's hot path. A repository numbers its issues and
 * pull requests 1, 2, 3, … so the numbers a snapshot holds are small and dense: each key's entry
 * is found through a typed array indexed by the number itself, not a hash table (a Map costs
 * about 20 times more to fill and to read with 10,000 tasks). Keys too large for the array (it
 * stays within a few times the number of entries) or not integers go to an ordinary Map.
 * Iteration follows insertion order, as a Map's does.
 */

/** The array indexed by number never grows past this many slots per entry (plus DENSE_FLOOR). */
const SLOTS_PER_ENTRY = 8;
const DENSE_FLOOR = 4096;

export class NumberMap<V> implements ReadonlyMap<number, V> {
  private readonly keyList: number[] = [];
  private readonly valueList: V[] = [];
  /** Position + 1 in the lists of each key below its length (0: absent). */
  private dense: Int32Array;
  private sparse: Map<number, number> | null = null;

  /** `expectedSize`: about how many entries there will be (only sizes the dense array). */
  constructor(expectedSize = 0) {
    this.dense = new Int32Array(Math.min(DENSE_FLOOR, 2 * expectedSize + 16));
  }

  get size(): number {
    return this.keyList.length;
  }

  get(key: number): V | undefined {
    const position = this.positionOf(key);
    return position < 0 ? undefined : this.valueList[position];
  }

  has(key: number): boolean {
    return this.positionOf(key) >= 0;
  }

  /** Position of `key` in insertion order, or -1. */
  positionOf(key: number): number {
    // `(key | 0) === key`: an integer (every key below the array's length fits 32 bits).
    if (key >= 0 && key < this.dense.length && (key | 0) === key) return this.dense[key]! - 1;
    return this.sparse?.get(key) ?? -1;
  }

  set(key: number, value: V): this {
    const position = this.positionOf(key);
    if (position >= 0) {
      this.valueList[position] = value;
      return this;
    }
    const added = this.keyList.length;
    this.keyList.push(key);
    this.valueList.push(value);
    if (this.fitsDense(key)) this.dense[key] = added + 1;
    else (this.sparse ??= new Map()).set(key, added);
    return this;
  }

  forEach(callback: (value: V, key: number, map: ReadonlyMap<number, V>) => void, thisArg?: unknown): void {
    for (let position = 0; position < this.keyList.length; position++)
      callback.call(thisArg, this.valueList[position]!, this.keyList[position]!, this);
  }

  keys(): MapIterator<number> {
    return this.keyList.values();
  }

  values(): MapIterator<V> {
    return this.valueList.values();
  }

  /** The values in insertion order, as the map holds them (read-only). */
  valueArray(): readonly V[] {
    return this.valueList;
  }

  entries(): MapIterator<[number, V]> {
    return this.keyList.map((key, position): [number, V] => [key, this.valueList[position]!]).values();
  }

  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }

  /** Whether `key` gets a slot in the array, growing it when that keeps it within bounds. */
  private fitsDense(key: number): boolean {
    if (!Number.isInteger(key) || key < 0) return false;
    if (key < this.dense.length) return true;
    const limit = DENSE_FLOOR + SLOTS_PER_ENTRY * (this.keyList.length + 1);
    if (key >= limit) return false;
    const grown = new Int32Array(Math.min(limit, Math.max(2 * this.dense.length, key + 1)));
    grown.set(this.dense);
    this.dense = grown;
    // Keys the old array was too small for move in, so each key has one home.
    this.sparse?.forEach((position, sparseKey) => {
      if (sparseKey >= grown.length || !Number.isInteger(sparseKey) || sparseKey < 0) return;
      grown[sparseKey] = position + 1;
      this.sparse?.delete(sparseKey);
    });
    return true;
  }
}
