/**
 * GraphQL global ids. GitHub's are opaque base64 strings with a type prefix (`I_kwDO…` for an
 * issue); ours keep the prefix and encode the numeric id, and the store keeps a registry so
 * `node(id:)` can find any object.
 */
export type NodeKind =
  | 'User'
  | 'Organization'
  | 'Bot'
  | 'Repository'
  | 'Issue'
  | 'PullRequest'
  | 'IssueComment'
  | 'Label'
  | 'ProjectV2'
  | 'ProjectV2Item'
  | 'ProjectV2SingleSelectField'
  | 'ProjectV2Field'
  | 'StatusContext'
  | 'Installation'
  | 'App'
  | 'CheckRun'
  | 'CheckSuite'
  | 'UserContentEdit'
  | 'TimelineEvent'
  | 'Reaction';

const PREFIX: Record<NodeKind, string> = {
  User: 'U',
  Organization: 'O',
  Bot: 'BOT',
  Repository: 'R',
  Issue: 'I',
  PullRequest: 'PR',
  IssueComment: 'IC',
  Label: 'LA',
  ProjectV2: 'PVT',
  ProjectV2Item: 'PVTI',
  ProjectV2SingleSelectField: 'PVTSSF',
  ProjectV2Field: 'PVTF',
  StatusContext: 'SC',
  Installation: 'MDEy',
  App: 'A',
  CheckRun: 'CR',
  CheckSuite: 'CS',
  UserContentEdit: 'UCE',
  // GitHub prefixes each event type differently (LE_, RTE_, …); one prefix is enough here.
  TimelineEvent: 'TE',
  Reaction: 'REA',
};

export function makeNodeId(kind: NodeKind, id: number): string {
  return `${PREFIX[kind]}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}
