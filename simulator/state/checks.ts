/**
 * The Checks API: check suites and check runs on commits, owned by a GitHub App (the simulated
 * app, or GitHub Actions for workflow jobs and GITHUB_TOKEN callers). Emits `check_run`
 * (`created`, `completed`) and `check_suite` (`completed`) webhooks, and tells pull requests
 * whose head carries the commit that their checks changed.
 * https://docs.github.com/rest/checks/runs, https://docs.github.com/rest/checks/suites
 */
import { presentCheckRun, presentCheckSuite } from '../payloads/check.js';
import { emitRepoEvent } from './events.js';
import type { SimStore } from './store.js';
import { notFound, SimError, validationFailed } from './sim-error.js';

/** Who owns a suite: the simulated app, or GitHub Actions (workflow jobs, GITHUB_TOKEN). */
export type CheckApp = 'app' | 'github-actions';

export type CheckStatus = 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
export type CheckConclusion =
  | 'action_required'
  | 'cancelled'
  | 'failure'
  | 'neutral'
  | 'success'
  | 'skipped'
  | 'stale'
  | 'timed_out'
  | 'startup_failure';

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  startColumn: number | null;
  endColumn: number | null;
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string | null;
  rawDetails: string | null;
}

export interface CheckOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
}

export interface CheckRunRecord {
  id: number;
  nodeId: string;
  repo: string;
  suiteId: number;
  app: CheckApp;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string;
  output: CheckOutput;
  annotations: CheckAnnotation[];
  createdAt: string;
}

export interface CheckSuiteRecord {
  id: number;
  nodeId: string;
  repo: string;
  app: CheckApp;
  headSha: string;
  headBranch: string | null;
  /** A workflow run's own suite (GitHub Actions makes one per run); others are one per app and commit. */
  workflowRunId: number | null;
  createdAt: string;
  updatedAt: string;
  /** The status last announced with `check_suite.completed`, so a completion is sent once. */
  announcedComplete: boolean;
}

export interface CheckRunInput {
  name?: unknown;
  head_sha?: unknown;
  status?: unknown;
  conclusion?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
  details_url?: unknown;
  external_id?: unknown;
  output?: unknown;
}

export interface CheckRunFilter {
  checkName?: string;
  status?: string;
  /** `latest` (default): the newest run of each name; `all`: every run. */
  filter?: 'latest' | 'all';
  appId?: number;
}

const STATUSES: CheckStatus[] = ['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending'];
/** Statuses only GitHub Actions may set ("Only GitHub Actions can set a status of waiting, pending, or requested"). */
const ACTIONS_ONLY: CheckStatus[] = ['waiting', 'requested', 'pending'];
const CONCLUSIONS: CheckConclusion[] = [
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
  'startup_failure',
];
/** The worst conclusion of its runs is a suite's: this order, worst first. */
const SUITE_PRECEDENCE: CheckConclusion[] = [
  'action_required',
  'startup_failure',
  'failure',
  'timed_out',
  'cancelled',
  'stale',
  'neutral',
  'success',
  'skipped',
];
/** "The Checks API limits the number of annotations to a maximum of 50 per API request." */
const MAX_ANNOTATIONS_PER_REQUEST = 50;
/** Output limits of the REST reference: summary and text "Maximum length: 65535 characters". */
const MAX_OUTPUT_TEXT = 65535;
/** Check run conclusions that satisfy a required check (GitHub counts skipped and neutral as passing). */
export const PASSING_CONCLUSIONS: ReadonlySet<string> = new Set(['success', 'neutral', 'skipped']);

/** The GitHub Actions app, as api.github.com shows it (`app_id 15368`, slug `github-actions`). */
export const GITHUB_ACTIONS_APP = {
  id: 15368,
  slug: 'github-actions',
  name: 'GitHub Actions',
  owner: 'github',
};
/** The account GitHub Actions acts as (what GITHUB_TOKEN requests show as their actor). */
const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export class ChecksStore {
  private readonly runs = new Map<number, CheckRunRecord>();
  private readonly suites = new Map<number, CheckSuiteRecord>();

  constructor(private readonly store: SimStore) {}

  /** The numeric id of an app (for `app_id` filters and error messages). */
  appId(app: CheckApp): number {
    return app === 'app' ? this.store.app.id : GITHUB_ACTIONS_APP.id;
  }

  /** A suite for a commit: the app's one suite per commit, created on first use. */
  suiteFor(repoKey: string, app: CheckApp, headSha: string, headBranch?: string | null): CheckSuiteRecord {
    const repo = this.store.repos.require(repoKey);
    const existing = [...this.suites.values()].find(
      (s) => s.repo === repo.fullName && s.app === app && s.headSha === headSha && s.workflowRunId === null,
    );
    return existing ?? this.createSuite(repo.fullName, app, headSha, headBranch ?? null, null);
  }

  /** A new suite; GitHub Actions makes one per workflow run. */
  createSuite(
    repoKey: string,
    app: CheckApp,
    headSha: string,
    headBranch: string | null,
    workflowRunId: number | null,
  ): CheckSuiteRecord {
    const repo = this.store.repos.require(repoKey);
    this.requireCommit(repo.fullName, headSha, 'CheckSuite');
    const { id, nodeId } = this.store.newIdentity('CheckSuite');
    const now = this.store.now();
    const suite: CheckSuiteRecord = {
      id,
      nodeId,
      repo: repo.fullName,
      app,
      headSha,
      headBranch: headBranch ?? this.branchOf(repo.fullName, headSha),
      workflowRunId,
      createdAt: now,
      updatedAt: now,
      announcedComplete: false,
    };
    this.suites.set(id, suite);
    return suite;
  }

  /**
   * Creates a check run (REST `POST /check-runs`, or a workflow job). `id` lets a workflow job
   * and its check run share their id, as they do on GitHub.
   */
  createRun(
    repoKey: string,
    app: CheckApp,
    input: CheckRunInput,
    options: { id?: number; suiteId?: number } = {},
  ): CheckRunRecord {
    const repo = this.store.repos.require(repoKey);
    const name = requiredText(input.name, 'name');
    const headSha = requiredText(input.head_sha, 'head_sha');
    this.requireCommit(repo.fullName, headSha, 'CheckRun');
    const suite =
      options.suiteId !== undefined ? this.requireSuite(repo.fullName, options.suiteId) : undefined;
    const { status, conclusion } = this.statusAndConclusion(app, input, 'queued');
    const now = this.store.now();
    const identity =
      options.id !== undefined
        ? { id: options.id, nodeId: this.store.registerIdentity('CheckRun', options.id) }
        : this.store.newIdentity('CheckRun');
    const run: CheckRunRecord = {
      ...identity,
      repo: repo.fullName,
      suiteId: (suite ?? this.suiteFor(repo.fullName, app, headSha)).id,
      app,
      headSha,
      name,
      status,
      conclusion,
      startedAt: optionalTime(input.started_at, 'started_at') ?? now,
      completedAt: status === 'completed' ? (optionalTime(input.completed_at, 'completed_at') ?? now) : null,
      detailsUrl: optionalText(input.details_url, 'details_url') ?? null,
      externalId: optionalText(input.external_id, 'external_id') ?? '',
      output: { title: null, summary: null, text: null },
      annotations: [],
      createdAt: now,
    };
    this.applyOutput(run, input.output);
    this.runs.set(run.id, run);
    this.touchSuite(run.suiteId);
    this.emitRun(run, 'created');
    if (run.status === 'completed') this.emitRun(run, 'completed');
    this.afterChange(run);
    return run;
  }

  /** REST `PATCH /check-runs/{id}`: only the app that created the run may change it. */
  updateRun(repoKey: string, id: number, app: CheckApp, input: CheckRunInput): CheckRunRecord {
    const run = this.requireRun(repoKey, id);
    if (run.app !== app) {
      throw new SimError(
        403,
        `Invalid app_id \`${this.appId(app)}\` - check run can only be modified by the GitHub App that created it.`,
      );
    }
    const wasCompleted = run.status === 'completed';
    if (input.name !== undefined) run.name = requiredText(input.name, 'name');
    if (input.status !== undefined || input.conclusion !== undefined) {
      const next = this.statusAndConclusion(app, input, run.status);
      run.status = next.status;
      run.conclusion = next.conclusion;
    }
    const startedAt = optionalTime(input.started_at, 'started_at');
    if (startedAt) run.startedAt = startedAt;
    if (input.details_url !== undefined)
      run.detailsUrl = optionalText(input.details_url, 'details_url') ?? null;
    if (input.external_id !== undefined)
      run.externalId = optionalText(input.external_id, 'external_id') ?? '';
    this.applyOutput(run, input.output);
    if (run.status === 'completed' && !wasCompleted)
      run.completedAt = optionalTime(input.completed_at, 'completed_at') ?? this.store.now();
    this.touchSuite(run.suiteId);
    if (run.status === 'completed' && !wasCompleted) this.emitRun(run, 'completed');
    this.afterChange(run);
    return run;
  }

  getRun(repoKey: string, id: number): CheckRunRecord | undefined {
    const run = this.runs.get(id);
    return run && run.repo.toLowerCase() === repoKey.toLowerCase() ? run : undefined;
  }

  requireRun(repoKey: string, id: number): CheckRunRecord {
    const run = this.getRun(repoKey, id);
    if (!run) throw notFound();
    return run;
  }

  getSuite(repoKey: string, id: number): CheckSuiteRecord | undefined {
    const suite = this.suites.get(id);
    return suite && suite.repo.toLowerCase() === repoKey.toLowerCase() ? suite : undefined;
  }

  requireSuite(repoKey: string, id: number): CheckSuiteRecord {
    const suite = this.getSuite(repoKey, id);
    if (!suite) throw notFound();
    return suite;
  }

  /** Check runs on a commit, newest first; by default only the latest of each name. */
  runsForSha(repoKey: string, sha: string, filter: CheckRunFilter = {}): CheckRunRecord[] {
    const repo = this.store.repos.require(repoKey);
    return this.filterRuns(
      [...this.runs.values()].filter((run) => run.repo === repo.fullName && run.headSha === sha),
      filter,
    );
  }

  /** Check runs of one suite, newest first. */
  runsOfSuite(suite: CheckSuiteRecord, filter: CheckRunFilter = {}): CheckRunRecord[] {
    return this.filterRuns(
      [...this.runs.values()].filter((run) => run.suiteId === suite.id),
      filter,
    );
  }

  /** Suites on a commit, oldest first (GitHub's order). */
  suitesForSha(repoKey: string, sha: string, appId?: number): CheckSuiteRecord[] {
    const repo = this.store.repos.require(repoKey);
    return [...this.suites.values()].filter(
      (suite) =>
        suite.repo === repo.fullName &&
        suite.headSha === sha &&
        (appId === undefined || this.appId(suite.app) === appId),
    );
  }

  /** The latest check run of each name on a commit (what required checks look at). */
  latestByName(repoKey: string, sha: string): Map<string, CheckRunRecord> {
    const latest = new Map<string, CheckRunRecord>();
    for (const run of this.runsForSha(repoKey, sha, { filter: 'all' }).reverse()) latest.set(run.name, run);
    return latest;
  }

  /** A suite's status and conclusion, from its runs. */
  suiteState(suite: CheckSuiteRecord): { status: CheckStatus; conclusion: CheckConclusion | null } {
    const runs = this.runsOfSuite(suite, { filter: 'all' });
    if (runs.length === 0) return { status: 'queued', conclusion: null };
    if (runs.some((run) => run.status !== 'completed')) {
      const started = runs.some((run) => run.status === 'in_progress' || run.status === 'completed');
      return { status: started ? 'in_progress' : 'queued', conclusion: null };
    }
    const conclusion =
      SUITE_PRECEDENCE.find((candidate) => runs.some((run) => run.conclusion === candidate)) ?? 'success';
    return { status: 'completed', conclusion };
  }

  private filterRuns(runs: CheckRunRecord[], filter: CheckRunFilter): CheckRunRecord[] {
    const newestFirst = runs.sort((a, b) => b.id - a.id);
    const seen = new Set<string>();
    return newestFirst.filter((run) => {
      if (filter.checkName !== undefined && run.name !== filter.checkName) return false;
      if (filter.status !== undefined && run.status !== filter.status) return false;
      if (filter.appId !== undefined && this.appId(run.app) !== filter.appId) return false;
      if (filter.filter === 'all') return true;
      const key = `${run.app}\0${run.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /**
   * `status` and `conclusion` as GitHub reads them: a conclusion implies `completed`, and
   * `completed` needs a conclusion.
   */
  private statusAndConclusion(
    app: CheckApp,
    input: CheckRunInput,
    current: CheckStatus,
  ): { status: CheckStatus; conclusion: CheckConclusion | null } {
    const conclusion = input.conclusion === undefined || input.conclusion === null ? null : input.conclusion;
    if (conclusion !== null && !CONCLUSIONS.includes(conclusion as CheckConclusion)) {
      throw validationFailed(
        [{ resource: 'CheckRun', field: 'conclusion', code: 'invalid' }],
        `Invalid request.\n\n${JSON.stringify(conclusion)} is not a member of ${JSON.stringify(CONCLUSIONS)}.`,
      );
    }
    const status = (input.status ?? (conclusion !== null ? 'completed' : current)) as CheckStatus;
    if (!STATUSES.includes(status) || (app !== 'github-actions' && ACTIONS_ONLY.includes(status))) {
      throw validationFailed(
        [{ resource: 'CheckRun', field: 'status', code: 'invalid' }],
        `Invalid request.\n\n${JSON.stringify(status)} is not a member of ["queued","in_progress","completed"].`,
      );
    }
    if (status === 'completed' && conclusion === null) {
      throw validationFailed(
        [{ resource: 'CheckRun', field: 'conclusion', code: 'missing_field' }],
        'Invalid request.\n\n"conclusion" wasn\'t supplied.',
      );
    }
    return {
      status: conclusion !== null ? 'completed' : status,
      conclusion: conclusion as CheckConclusion | null,
    };
  }

  private applyOutput(run: CheckRunRecord, raw: unknown): void {
    if (raw === undefined) return;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw validationFailed([{ resource: 'CheckRun', field: 'output', code: 'invalid' }]);
    const output = raw as Record<string, unknown>;
    const title = requiredText(output.title, 'output.title');
    const summary = requiredText(output.summary, 'output.summary');
    const text = optionalText(output.text, 'output.text') ?? null;
    for (const [field, value] of [
      ['summary', summary],
      ['text', text],
    ] as const) {
      if (value !== null && value.length > MAX_OUTPUT_TEXT) {
        throw validationFailed([
          {
            resource: 'CheckRun',
            field: `output.${field}`,
            code: 'custom',
            message: `Output ${field} exceeds a maximum bytesize of ${MAX_OUTPUT_TEXT}`,
          },
        ]);
      }
    }
    run.output = { title, summary, text };
    const annotations = output.annotations;
    if (annotations === undefined) return;
    if (!Array.isArray(annotations))
      throw validationFailed([{ resource: 'CheckRun', field: 'output.annotations', code: 'invalid' }]);
    if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
      throw validationFailed([
        {
          resource: 'CheckRun',
          field: 'output.annotations',
          code: 'custom',
          message: `Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations can be added per request`,
        },
      ]);
    }
    // Annotations add up across updates ("each time you update the check run, annotations are appended").
    run.annotations.push(...annotations.map(readAnnotation));
  }

  /** Adds annotations a workflow job reported (`::error::` and friends). */
  annotate(run: CheckRunRecord, annotations: CheckAnnotation[]): void {
    run.annotations.push(...annotations);
  }

  private touchSuite(id: number): void {
    const suite = this.suites.get(id);
    if (!suite) return;
    suite.updatedAt = this.store.now();
    const { status } = this.suiteState(suite);
    if (status !== 'completed') {
      suite.announcedComplete = false;
      return;
    }
    if (suite.announcedComplete) return;
    suite.announcedComplete = true;
    emitRepoEvent(this.store, 'check_suite', suite.repo, this.senderOf(suite.app), {
      action: 'completed',
      check_suite: presentCheckSuite(this.store, suite, { forWebhook: true }),
    });
  }

  private emitRun(run: CheckRunRecord, action: 'created' | 'completed'): void {
    emitRepoEvent(this.store, 'check_run', run.repo, this.senderOf(run.app), {
      action,
      check_run: presentCheckRun(this.store, run, { forWebhook: true }),
    });
  }

  /** The account a check event is sent as: the app's bot. */
  private senderOf(app: CheckApp): string {
    if (app === 'app') return this.store.appBotLogin;
    return this.store.users.ensure(GITHUB_ACTIONS_BOT, { type: 'Bot' }).login;
  }

  private afterChange(run: CheckRunRecord): void {
    this.store.pulls.onChecksChanged(run.repo, run.headSha);
  }

  /** The branch whose head is this commit, when one is (a suite's `head_branch`). */
  private branchOf(repoKey: string, sha: string): string | null {
    const repo = this.store.repos.require(repoKey);
    for (const [branch, head] of repo.branches) if (head === sha) return branch;
    return null;
  }

  private requireCommit(repoKey: string, sha: string, resource: string): void {
    const repo = this.store.repos.require(repoKey);
    if (!/^[0-9a-f]{40}$/.test(sha) || this.store.repos.bare(repo).objectType(sha) !== 'commit') {
      throw validationFailed([
        { resource, field: 'head_sha', code: 'invalid', message: `No commit found for SHA: ${sha}` },
      ]);
    }
  }
}

function requiredText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw validationFailed(
      [{ resource: 'CheckRun', field, code: 'missing_field' }],
      `Invalid request.\n\n"${field}" wasn't supplied.`,
    );
  }
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw validationFailed(
      [{ resource: 'CheckRun', field, code: 'invalid' }],
      `Invalid request.\n\nFor '${field}', ${JSON.stringify(value)} is not a string.`,
    );
  return value;
}

function optionalTime(value: unknown, field: string): string | undefined {
  const text = optionalText(value, field);
  if (text === undefined) return undefined;
  const time = new Date(text);
  if (Number.isNaN(time.getTime()))
    throw validationFailed(
      [{ resource: 'CheckRun', field, code: 'invalid' }],
      `Invalid request.\n\n${JSON.stringify(text)} is not a valid date-time.`,
    );
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const LEVELS = ['notice', 'warning', 'failure'] as const;

function readAnnotation(raw: unknown): CheckAnnotation {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const path = requiredText(item.path, 'output.annotations.path');
  const message = requiredText(item.message, 'output.annotations.message');
  const level = item.annotation_level;
  if (!LEVELS.includes(level as (typeof LEVELS)[number]))
    throw validationFailed([
      { resource: 'CheckRun', field: 'output.annotations.annotation_level', code: 'invalid' },
    ]);
  const line = (name: string) => {
    const value = item[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw validationFailed([
        { resource: 'CheckRun', field: `output.annotations.${name}`, code: 'invalid' },
      ]);
    return value;
  };
  const startLine = line('start_line');
  const endLine = line('end_line');
  if (startLine === null || endLine === null)
    throw validationFailed([
      { resource: 'CheckRun', field: 'output.annotations.start_line', code: 'missing_field' },
    ]);
  return {
    path,
    startLine,
    endLine,
    startColumn: line('start_column'),
    endColumn: line('end_column'),
    level: level as CheckAnnotation['level'],
    message,
    title: optionalText(item.title, 'output.annotations.title') ?? null,
    rawDetails: optionalText(item.raw_details, 'output.annotations.raw_details') ?? null,
  };
}
