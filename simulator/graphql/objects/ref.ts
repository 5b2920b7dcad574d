/**
 * `Ref` objects: a branch, a tag, or any other ref (`refs/drover/state`), with its target.
 * `prefix` is `refs/heads/`, `refs/tags/`, or the first two components of another ref
 * (`refs/drover/`); `name` is the rest.
 */
import { refNodeId } from '../../state/ref-node-id.js';
import type { RepoRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { CommitObject } from './commit.js';
import { RepositoryObject } from './repository.js';

export class RefObject {
  readonly __typename = 'Ref';

  constructor(
    private readonly repo: RepoRecord,
    /** The full name, `refs/heads/main`. */
    private readonly ref: string,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return refNodeId(this.repo.id, this.ref);
  }
  get prefix(): string {
    return /^refs\/[^/]+\//.exec(this.ref)?.[0] ?? 'refs/';
  }
  get name(): string {
    return this.ref.slice(this.prefix.length);
  }
  get repository(): RepositoryObject {
    return new RepositoryObject(this.repo, this.ctx);
  }
  /** The commit it points at (other targets, e.g. annotated tags, are not modelled: null). */
  get target(): CommitObject | null {
    const target = this.ctx.store.refTarget(this.repo, this.ref);
    const info = target?.type === 'commit' ? this.ctx.store.commit(this.repo, target.sha) : undefined;
    return info ? new CommitObject(this.repo, info, this.ctx) : null;
  }
}

/** The ref, or null when the repository has no ref of that full name. */
export function refObject(ctx: GraphqlContext, repo: RepoRecord, ref: string): RefObject | null {
  return ctx.store.refTarget(repo, ref) ? new RefObject(repo, ref, ctx) : null;
}
