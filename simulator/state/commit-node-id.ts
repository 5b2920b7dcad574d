/** `C_kwDO…`: a commit's global id (GraphQL `Commit.id`, REST `node_id`), from its repository and sha. */
export function commitNodeId(repoId: number, sha: string): string {
  return `C_kwDO${Buffer.from(`${repoId}:${sha}`).toString('base64url')}`;
}
