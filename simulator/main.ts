/**
 * `npm run simulator -- --port 3000 [--owner alice --repo demo] [--webhook-url URL]`: starts one
 * simulator for manual poking and prints its URLs, the app's credentials and a user token.
 * Stops (and removes its temp dirs) on Ctrl-C.
 */
import { Command } from 'commander';
import { startSimulator } from './index.js';

interface MainOptions {
  port: string;
  owner: string;
  repo: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

async function main(): Promise<void> {
  const options = new Command()
    .name('simulator')
    .description('A local, stateful stand-in for GitHub (REST, GraphQL, git, webhooks, Actions)')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--owner <login>', 'a user to create, with a token', 'octo')
    .option('--repo <name>', 'a repository to create for that user, with the app installed', 'demo')
    .option('--webhook-url <url>', 'where to deliver webhooks')
    .option('--webhook-secret <secret>', 'secret that signs deliveries')
    .parse()
    .opts<MainOptions>();
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${options.port}`);

  const sim = await startSimulator({
    port,
    ...(options.webhookUrl && { webhookUrl: options.webhookUrl }),
    ...(options.webhookSecret && { webhookSecret: options.webhookSecret }),
    log: (message) => console.error(`[simulator] ${message}`),
  });
  const user = sim.createUser(options.owner);
  const repo = sim.createRepo(user.login, options.repo);
  const installationId = sim.installApp(repo.fullName);
  console.log(
    [
      `REST        ${sim.baseUrl}   (also ${sim.baseUrl}/api/v3)`,
      `GraphQL     ${sim.graphqlUrl}`,
      `Server      ${sim.serverUrl}`,
      `Clone       ${sim.host.cloneUrl(repo.owner, repo.name)}`,
      `User        ${user.login}  token ${user.token}`,
      `App         id ${sim.app.id}  slug ${sim.app.slug}  client ${sim.app.clientId}`,
      `Install     ${installationId} on ${repo.fullName}`,
      `Webhooks    secret ${sim.app.webhookSecret}${options.webhookUrl ? `  → ${options.webhookUrl}` : ' (no target)'}`,
      '',
      'App private key (PEM):',
      sim.app.privateKey,
    ].join('\n'),
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
