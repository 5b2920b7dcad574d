/**
 * Builds what the simulator's command line asked for on a running simulator (users with
 * tokens, repositories with their files, people's permissions, the app's installations) and
 * says what was made: URLs, tokens, credentials, as text for a person or JSON for a script.
 */
import type { Simulator } from '../index.js';
import type { RepoRole } from '../state/types.js';
import { readFolderFiles } from './folder-files.js';
import type { SimulatorSetup } from './simulator-args.js';

export interface SetupSummary {
  urls: { rest: string; restGhes: string; graphql: string; web: string };
  app: {
    id: number;
    slug: string;
    clientId: string;
    webhookSecret: string;
    webhookUrl: string | null;
    privateKey: string;
  };
  users: Array<{ login: string; token: string }>;
  repos: Array<{
    fullName: string;
    defaultBranch: string;
    private: boolean;
    files: number;
    skipped: string[];
    cloneUrl: string;
    permissions: Array<{ login: string; role: RepoRole }>;
    installation: { id: number; token: string } | null;
  }>;
}

export async function applySetup(sim: Simulator, setup: SimulatorSetup): Promise<SetupSummary> {
  // Logins are case-insensitive on GitHub: one user per login, however it is spelled.
  const users = new Map<string, { login: string; token: string }>();
  const user = (login: string) => {
    if (!users.has(login.toLowerCase()))
      users.set(login.toLowerCase(), { login, token: sim.createUser(login).token });
    return login;
  };
  for (const login of setup.users) user(login);
  const repos: SetupSummary['repos'] = [];
  for (const repo of setup.repos) {
    user(repo.owner);
    const folder = repo.filesDir === null ? null : readFolderFiles(repo.filesDir);
    const created = sim.createRepo(repo.owner, repo.name, {
      private: repo.private,
      ...(repo.defaultBranch !== null && { defaultBranch: repo.defaultBranch }),
      ...(folder !== null && { files: folder.files }),
    });
    for (const { login, role } of repo.collaborators) sim.setPermission(created.fullName, user(login), role);
    const installation = repo.installApp ? sim.installApp(created.fullName) : null;
    repos.push({
      fullName: created.fullName,
      defaultBranch: repo.defaultBranch ?? 'main',
      private: repo.private,
      files: folder === null ? 1 : Object.keys(folder.files).length,
      skipped: folder?.skipped ?? [],
      cloneUrl: sim.host.cloneUrl(created.owner, created.name),
      permissions: [{ login: created.owner, role: 'admin' }, ...repo.collaborators],
      installation:
        installation === null ? null : { id: installation, token: await sim.installationToken(installation) },
    });
  }
  return {
    urls: {
      rest: sim.baseUrl,
      restGhes: `${sim.baseUrl}/api/v3`,
      graphql: sim.graphqlUrl,
      web: sim.serverUrl,
    },
    app: {
      id: sim.app.id,
      slug: sim.app.slug,
      clientId: sim.app.clientId,
      webhookSecret: sim.app.webhookSecret,
      webhookUrl: setup.webhookUrl,
      privateKey: sim.app.privateKey,
    },
    users: [...users.values()],
    repos,
  };
}

export function formatSummary(summary: SetupSummary): string {
  const { urls, app } = summary;
  const loginWidth = Math.max(...summary.users.map((user) => user.login.length));
  const lines = [
    `REST        ${urls.rest}   (also ${urls.restGhes}, as GHES answers)`,
    `GraphQL     ${urls.graphql}`,
    `Web         ${urls.web}`,
    `App         id ${app.id}  slug ${app.slug}  client ${app.clientId}`,
    `Webhooks    secret ${app.webhookSecret}${app.webhookUrl ? `  → ${app.webhookUrl}` : '  (no target: --webhook-url)'}`,
    '',
    'Users (personal tokens):',
    ...summary.users.map((user) => `  ${user.login.padEnd(loginWidth)}  ${user.token}`),
    '',
    'Repositories:',
  ];
  for (const repo of summary.repos) {
    const visibility = repo.private ? 'private' : 'public';
    lines.push(
      `  ${repo.fullName}  (${visibility}, default branch ${repo.defaultBranch}, ${repo.files} file(s))`,
      `    clone         ${repo.cloneUrl}   (user x-access-token, password a token)`,
      `    permissions   ${repo.permissions.map(({ login, role }) => `${login} ${role}`).join(', ')}`,
      repo.installation === null
        ? '    app           not installed'
        : `    app           installation ${repo.installation.id}, token ${repo.installation.token} (valid one hour; the app's key mints more)`,
      ...repo.skipped.map((path) => `    left out      ${path}`),
    );
  }
  const first = summary.repos[0];
  const owner = summary.users.find(
    (user) => user.login.toLowerCase() === first?.fullName.split('/')[0]?.toLowerCase(),
  );
  if (first && owner)
    lines.push(
      '',
      'Try:',
      `  GITHUB_API_URL=${urls.rest} GITHUB_TOKEN=${owner.token} npx drover status --repo ${first.fullName}`,
    );
  lines.push('', 'App private key (PEM):', app.privateKey.trimEnd());
  return lines.join('\n');
}
