/** The simulated GitHub App's registration: ids, key pair, secret, permissions and events. */
import { randomBytes } from 'node:crypto';
import { appKeyPair } from './app-keys.js';
import type { AppRecord } from './state/installations.js';
import type { TokenPermission } from './state/types.js';

/** What app.yml asks for (issues/pull_requests/contents/actions write, metadata read, projects write). */
const APP_PERMISSIONS: Record<string, TokenPermission> = {
  actions: 'write',
  contents: 'write',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
  statuses: 'write',
  checks: 'read',
  repository_projects: 'write',
  organization_projects: 'write',
};

/**
 * The events the app subscribes to, limited to the values the `integration.events` schema allows
 * (it predates sub_issues, issue_dependencies and projects_v2_item, which are still delivered).
 */
const APP_EVENTS = ['issues', 'issue_comment', 'pull_request', 'push', 'status', 'workflow_run'];

let appsDefined = 0;

export function defineApp(
  webhookSecret?: string,
  /** Added to (or overriding) app.yml's set, e.g. `{ workflows: 'write' }`. */
  extraPermissions: Record<string, TokenPermission> = {},
): Omit<AppRecord, 'nodeId' | 'createdAt'> {
  appsDefined += 1;
  const keys = appKeyPair();
  return {
    id: 100000 + appsDefined,
    slug: 'drover-sim',
    name: 'Drover (simulated)',
    clientId: `Iv23li${randomBytes(7).toString('hex')}`,
    owner: 'drover-dev',
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    webhookSecret: webhookSecret ?? randomBytes(16).toString('hex'),
    permissions: { ...APP_PERMISSIONS, ...extraPermissions },
    events: APP_EVENTS,
  };
}
