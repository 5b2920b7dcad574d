/**
 * The answers of conditional reads, by URL: the ETag GitHub gave and the answer it stands for.
 * Bounded (least recently used entries go first), one per repository session, so an idle
 * reconcile's reads are 304s that GitHub does not bill.
 */
import LRUMapModule from 'mnemonist/lru-map.js';

// mnemonist's modules are CommonJS: the class is the module's export.
const LRUMap = LRUMapModule as unknown as typeof import('mnemonist').LRUMap;

import type { OctokitResponse } from '@octokit/types';

export interface CachedAnswer {
  etag: string;
  response: OctokitResponse<unknown>;
}

export class ConditionalCache {
  private readonly entries: InstanceType<typeof LRUMap<string, CachedAnswer>>;

  constructor(capacity = 500) {
    this.entries = new LRUMap<string, CachedAnswer>(capacity);
  }

  get(url: string): CachedAnswer | undefined {
    return this.entries.get(url);
  }

  set(url: string, answer: CachedAnswer): void {
    this.entries.set(url, answer);
  }
}
