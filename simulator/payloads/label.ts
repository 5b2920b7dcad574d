/** A label as GitHub's `label` schema. */
import type { LabelRecord, RepoRecord } from '../state/types.js';
import type { SimUrls } from './urls.js';

export function presentLabel(urls: SimUrls, repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: label.nodeId,
    url: `${urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}
