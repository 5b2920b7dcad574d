/** Create the labels a repository lacks; existing ones (maybe recoloured by people) are left alone. */
import type { RestClient } from './github-client.js';
import type { LabelSpec } from './labels.js';
import type { RepoRef } from './repo-ref.js';

export async function ensureLabels(
  client: RestClient,
  repo: RepoRef,
  wanted: LabelSpec[],
): Promise<string[]> {
  const existing = await client.paginate(client.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  // GitHub label names are case-insensitive.
  const have = new Set(existing.map((label) => label.name.toLowerCase()));
  const created: string[] = [];
  for (const label of wanted) {
    if (have.has(label.name.toLowerCase())) continue;
    await client.rest.issues.createLabel({ ...repo, ...label });
    have.add(label.name.toLowerCase());
    created.push(label.name);
  }
  return created;
}
