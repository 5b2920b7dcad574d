/**
 * The action's `spec` mode: check out the default branch at the commit the app pinned, read the
 * documents the command named, and ask the configured agent for a backlog (draft-backlog.ts). It
 * writes nothing to GitHub; the caller uploads the outcome and the backlog as the artifact the
 * app imports (core/spec-artifact.ts). A backlog holding one of the job's secrets (or any
 * known-format token) is refused: the app would publish it as issues.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { SpecOutcome } from '../../core/spec-artifact.js';
import { describeSecretFindings, scanForSecrets } from '../../core/secret-scan.js';
import { ensureAgentCli } from '../agent-cli.js';
import { buildBaseEnv } from '../agent-env.js';
import { findAgentAdapter } from '../agents/registry.js';
import { GitClient } from '../git-client.js';
import { resolveAgentSettings } from '../inputs.js';
import { collectSecretValues, makeRedactor } from '../model-keys.js';
import { oneLine } from '../one-line.js';
import { readRepoConfig } from '../repo-config.js';
import type { AttemptDeps } from '../run-attempt.js';
import { prepareImplementWorkspace } from '../workspace.js';
import { draftBacklog, type DraftResult } from './draft-backlog.js';
import { readSpecDocuments, SpecPathError } from './spec-documents.js';

export interface SpecRun {
  outcome: SpecOutcome;
  /** The checked backlog (null unless the outcome is a success). */
  backlog: string | null;
}

export async function runSpec(deps: AttemptDeps): Promise<SpecRun> {
  const { inputs, log } = deps;
  const started = deps.now();
  const secrets = collectSecretValues(deps.env, [inputs.githubToken]);
  const redact = makeRedactor(secrets);
  const git = new GitClient(deps.runProcess, deps.workspace, buildBaseEnv(deps.env));
  const scratchDir = await mkdtemp(join(deps.tempDir, 'drover-spec-'));
  const { data: repository } = await deps.octokit.rest.repos.get({ ...deps.repo });
  const defaultBranch = repository.default_branch;
  await log.group(`Check out ${defaultBranch}`, () =>
    prepareImplementWorkspace(git, deps.remote, defaultBranch, inputs.baseSha),
  );
  const config = await readRepoConfig(git, `refs/remotes/origin/${defaultBranch}`);
  const settings = resolveAgentSettings(deps.overrides, config);
  const adapter = findAgentAdapter(settings.agent);
  const base = {
    version: 1 as const,
    kind: 'spec' as const,
    spec: inputs.attempt,
    agent: adapter.name,
    model: settings.model,
    documents: [] as string[],
  };
  const finish = (draft: DraftResult | null, fields: Partial<SpecOutcome>): SpecOutcome => ({
    ...base,
    status: 'failed',
    reason: null,
    problems: [],
    calls: draft?.calls ?? 0,
    tokens: draft?.usage.tokens ?? null,
    costUsd: draft?.usage.costUsd ?? null,
    durationMs: Math.max(deps.now() - started, 0),
    ...fields,
  });

  let documents;
  try {
    documents = await readSpecDocuments(deps.workspace, inputs.specPaths);
  } catch (error) {
    if (!(error instanceof SpecPathError)) throw error;
    return { outcome: finish(null, { reason: redact(oneLine(error.message)) }), backlog: null };
  }
  base.documents = documents.documents.map((document) => document.path);
  log.info(
    `Documents: ${base.documents.join(', ')}${documents.notes.length > 0 ? `; ${documents.notes.join('; ')}` : ''}`,
  );
  const installDir = join(scratchDir, 'agent-cli');
  await mkdir(installDir, { recursive: true });
  const agentPath = await ensureAgentCli(adapter, deps.env, installDir, deps.runProcess, log);
  const draft = await draftBacklog({
    adapter,
    settings,
    repoName: `${deps.repo.owner}/${deps.repo.repo}`,
    workspace: deps.workspace,
    scratchDir,
    documents: documents.documents,
    agentEnv: { ...deps.env, PATH: agentPath },
    droverVars: {
      DROVER_TASK: String(inputs.task),
      DROVER_ISSUE: String(inputs.task),
      DROVER_ATTEMPT: String(inputs.attempt),
    },
    runProcess: deps.runProcess,
    now: deps.now,
    log,
  });
  if (draft.status === 'failed')
    return { outcome: finish(draft, { reason: redact(oneLine(draft.reason)) }), backlog: null };
  if (draft.status === 'invalid')
    return {
      outcome: finish(draft, {
        reason: `the backlog still had ${draft.problems.length} problem(s) after the agent was asked again`,
        problems: draft.problems.slice(0, 100).map((problem) => redact(oneLine(problem)).slice(0, 2_000)),
      }),
      backlog: null,
    };
  const findings = scanForSecrets([{ where: 'the backlog', content: draft.text }], secrets);
  if (findings.length > 0)
    return {
      outcome: finish(draft, {
        reason: `the agent wrote a secret (a key or token) into the backlog: ${describeSecretFindings(findings)}; refused`,
      }),
      backlog: null,
    };
  return { outcome: finish(draft, { status: 'success' }), backlog: draft.text };
}
