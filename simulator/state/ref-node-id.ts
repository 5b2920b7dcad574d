/**
 * Global ids of refs (`Ref` in GraphQL, `node_id` in the REST refs API). GitHub's are opaque
 * base64 (`REF_kwDO…`); ours encode the repository id and the full ref name, so any ref,
 * including one made by a git push, has an id without a registry.
 */
const PREFIX = 'REF_kwDO';

export function refNodeId(repoId: number, ref: string): string {
  return `${PREFIX}${Buffer.from(`${repoId}:${ref}`).toString('base64url')}`;
}

/** The repository id and ref a ref node id names, or undefined when it is not one. */
export function parseRefNodeId(nodeId: string): { repoId: number; ref: string } | undefined {
  if (!nodeId.startsWith(PREFIX)) return undefined;
  const decoded = Buffer.from(nodeId.slice(PREFIX.length), 'base64url').toString('utf8');
  const match = /^(\d+):(refs\/.+)$/.exec(decoded);
  return match ? { repoId: Number(match[1]), ref: match[2] as string } : undefined;
}
