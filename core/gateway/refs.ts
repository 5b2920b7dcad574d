/** Git refs: the atomic primitives exactly-once rests on (docs/control-loop.md §4). */

export type CreateRefResult = 'created' | 'exists';
export type UpdateRefResult = 'updated' | 'not-fast-forward';

export interface RefsGateway {
  /** Creates a fully qualified ref (`refs/...`); 'exists' when it already does (GitHub's 422). */
  create(ref: string, sha: string): Promise<CreateRefResult>;
  /** The sha a fully qualified ref points at, or null. */
  get(ref: string): Promise<string | null>;
  /** Moves a ref; without force GitHub refuses unless the new commit descends from the current. */
  update(ref: string, sha: string, options: { force: boolean }): Promise<UpdateRefResult>;
  /** Deletes a ref; deleting one that is gone is not an error. */
  delete(ref: string): Promise<void>;
  /** Every ref under a prefix such as `heads/drover/` (`matching-refs`). */
  matching(prefix: string): Promise<Array<{ ref: string; sha: string }>>;
  /** When a branch was created, from the Repository Activity API (null when unknown). */
  createdAt(ref: string): Promise<string | null>;
}
