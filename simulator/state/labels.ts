/** Repository labels. Names are case-insensitive, as on GitHub. */
import type { SimStore } from './store.js';
import { notFound, SimError, validationFailed } from './sim-error.js';
import type { LabelRecord } from './types.js';

export interface LabelInput {
  name: string;
  color?: string;
  description?: string | null;
}

export interface LabelPatch {
  new_name?: string;
  color?: string;
  description?: string | null;
}

const COLOR = /^[0-9a-fA-F]{6}$/;
/** GitHub's color for labels created implicitly by adding them to an issue. */
const DEFAULT_COLOR = 'ededed';

export class LabelStore {
  constructor(private readonly store: SimStore) {}

  list(repoKey: string): LabelRecord[] {
    return [...this.store.repos.require(repoKey).labels.values()];
  }

  get(repoKey: string, name: string): LabelRecord | undefined {
    return this.store.repos.require(repoKey).labels.get(name.toLowerCase());
  }

  require(repoKey: string, name: string): LabelRecord {
    const label = this.get(repoKey, name);
    if (!label) throw notFound();
    return label;
  }

  create(repoKey: string, input: LabelInput): LabelRecord {
    const repo = this.store.repos.require(repoKey);
    const name = input.name?.trim();
    if (!name) throw validationFailed([{ resource: 'Label', field: 'name', code: 'missing_field' }]);
    if (repo.labels.has(name.toLowerCase())) {
      throw validationFailed([{ resource: 'Label', field: 'name', code: 'already_exists' }]);
    }
    const color = this.checkColor(input.color ?? DEFAULT_COLOR);
    const { id, nodeId } = this.store.newIdentity('Label');
    const label: LabelRecord = {
      id,
      nodeId,
      name,
      color,
      description: input.description ?? null,
      default: false,
    };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  /** The label, created with the default color when missing (as adding labels to an issue does). */
  ensure(repoKey: string, name: string): LabelRecord {
    return this.get(repoKey, name) ?? this.create(repoKey, { name });
  }

  update(repoKey: string, name: string, patch: LabelPatch): LabelRecord {
    const repo = this.store.repos.require(repoKey);
    const label = this.require(repoKey, name);
    if (patch.color !== undefined) label.color = this.checkColor(patch.color);
    if (patch.description !== undefined) label.description = patch.description;
    if (patch.new_name !== undefined && patch.new_name !== label.name)
      this.rename(repoKey, label, patch.new_name);
    repo.labels.set(label.name.toLowerCase(), label);
    return label;
  }

  private rename(repoKey: string, label: LabelRecord, newName: string): void {
    const repo = this.store.repos.require(repoKey);
    const clash = repo.labels.get(newName.toLowerCase());
    if (clash && clash !== label)
      throw validationFailed([{ resource: 'Label', field: 'name', code: 'already_exists' }]);
    repo.labels.delete(label.name.toLowerCase());
    for (const issue of this.store.issues.list(repoKey, { state: 'all' })) {
      issue.labels = issue.labels.map((n) => (n.toLowerCase() === label.name.toLowerCase() ? newName : n));
    }
    label.name = newName;
  }

  /** Deletes a label; like GitHub, it disappears from every issue that had it. */
  delete(repoKey: string, name: string): void {
    const repo = this.store.repos.require(repoKey);
    const label = this.require(repoKey, name);
    repo.labels.delete(label.name.toLowerCase());
    for (const issue of this.store.issues.list(repoKey, { state: 'all' })) {
      issue.labels = issue.labels.filter((n) => n.toLowerCase() !== label.name.toLowerCase());
    }
  }

  private checkColor(color: string): string {
    const bare = color.replace(/^#/, '');
    if (!COLOR.test(bare))
      throw new SimError(422, `Invalid color "${color}": six hex digits, e.g. "f29513"`, [
        { resource: 'Label', field: 'color', code: 'invalid' },
      ]);
    return bare.toLowerCase();
  }
}
