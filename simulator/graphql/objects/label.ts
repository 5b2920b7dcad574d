/** `Label` objects. */
import type { LabelRecord, RepoRecord } from '../../state/types.js';
import type { GraphqlContext } from '../context.js';
import { repositoryUrl } from './urls.js';

export class LabelObject {
  readonly __typename = 'Label';

  constructor(
    private readonly record: LabelRecord,
    private readonly repo: RepoRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get name(): string {
    return this.record.name;
  }
  get color(): string {
    return this.record.color;
  }
  get description(): string | null {
    return this.record.description;
  }
  get isDefault(): boolean {
    return this.record.default;
  }
  get url(): string {
    return `${repositoryUrl(this.ctx, this.repo)}/labels/${encodeURIComponent(this.record.name)}`;
  }
}

/** The repository's label records for names (names the repository lacks are skipped). */
export function labelRecords(repo: RepoRecord, names: readonly string[]): LabelRecord[] {
  return names
    .map((name) => repo.labels.get(name.toLowerCase()) ?? repo.labels.get(name))
    .filter((label): label is LabelRecord => label !== undefined);
}
