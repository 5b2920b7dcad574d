/**
 * The world of the whole-flow security tests (issue #10, classes 3–9): simulator, app, runner and
 * the hostile stand-in action (test/app/fixtures/hostile-action) that uploads whatever artifact a
 * case supplies, as a compromised job would. One repository per test file, one task per case, one
 * healthy task beside them (the attacks must not stall it), the production defaults (merge
 * config included) with one attempt per task so a refusal is final and told at once.
 */
import { DroverWorld, FAST_CONFIG, waitFor, type TestRepo } from '../app/integration/drover-world.js';

/** One attack: what the compromised job uploads for its task. */
export interface HostileCase {
  name: string;
  /** Merged over a harmless patch starting from the pinned commit (`$HEAD`, `$PINNED` substituted). */
  patch?: Record<string, unknown>;
  /** Merged over a plausible success outcome. */
  outcome?: Record<string, unknown>;
  /** The artifact's zip, byte for byte. */
  zip?: Buffer;
  /** Title and body of the task issue (default: the case's name). */
  title?: string;
  body?: string;
}

export const HOSTILE_CONFIG = FAST_CONFIG.replace('max_attempts: 3', 'max_attempts: 1');

export interface HostileRun {
  world: DroverWorld;
  repo: TestRepo;
  /** Task number of each case, by name. */
  tasks: Map<string, number>;
  healthy: number;
  mainBefore: string;
  filesBefore: Map<string, string>;
}

/** A change writing `path` with `content` (utf8) in a patch commit. */
export function write(path: string, content: string, mode = '100644') {
  return { action: 'write', path, mode, contentBase64: Buffer.from(content).toString('base64') };
}

export function remove(path: string) {
  return { action: 'delete', path };
}

/** The one commit of a patch for `task`. */
export function commitOf(changes: object[], message = 'Do the task') {
  return { commits: [{ issue: '$TASK', message, changes }] };
}

/** `path → blob sha` of a commit's whole tree (modes in the key's value too). */
export function treeOf(repo: TestRepo, sha: string): Map<string, string> {
  const bare = repo.world.sim.state.repos.bare(repo.world.sim.state.repos.require(repo.fullName));
  return new Map(
    bare
      .readTree(sha, true)
      .filter((entry) => entry.type !== 'tree')
      .map((entry) => [entry.path, `${entry.mode} ${entry.sha}`]),
  );
}

export function mainSha(repo: TestRepo): string {
  const sha = repo.world.sim.state.git.getRef(repo.fullName, 'refs/heads/main')?.sha;
  if (sha === undefined) throw new Error(`${repo.fullName} has no main`);
  return sha;
}

/**
 * Start the world, open one task per case plus a healthy one, let each case's job upload its
 * artifact, and wait until every task has settled: closed, or told (a note on the issue), or
 * holding a pull request that waits for a person.
 */
export async function runHostile(
  cases: readonly HostileCase[],
  options: {
    config?: string;
    files?: Record<string, string>;
    /** Runs before the tasks open; what it returns replaces those words in the cases' artifacts. */
    setup?: (repo: TestRepo) => Promise<Record<string, string>>;
  } = {},
): Promise<HostileRun> {
  const world = await DroverWorld.start({ hostileAction: true });
  const repo = world.createRepo(options.config ?? HOSTILE_CONFIG, options.files ?? {});
  const words = (await options.setup?.(repo)) ?? {};
  const mainBefore = mainSha(repo);
  const filesBefore = treeOf(repo, mainBefore);
  const tasks = new Map<string, number>();
  const scenario: Record<string, object> = {};
  for (const attack of cases) {
    const number = await repo.createIssue(
      attack.title ?? attack.name,
      ['drover'],
      attack.body ?? `Do ${attack.name}.`,
    );
    tasks.set(attack.name, number);
    const substitute = (value: object | undefined) => {
      if (value === undefined) return undefined;
      let text = JSON.stringify(value).replaceAll('"$TASK"', String(number));
      for (const [word, replacement] of Object.entries(words)) text = text.replaceAll(word, replacement);
      return JSON.parse(text) as object;
    };
    scenario[String(number)] = {
      patch: substitute(attack.patch),
      outcome: substitute(attack.outcome),
      zipBase64: attack.zip?.toString('base64'),
    };
  }
  const healthy = await repo.createIssue('Healthy task beside the attacks');
  repo.setScenario(scenario);
  await repo.comment(healthy, '/drover run');
  const numbers = [...tasks.values(), healthy];
  await waitFor(
    'every task closed, told why, or waiting for a person',
    () => numbers.every((number) => settled(repo, number)),
    90_000,
    () => repo.describe(numbers),
  );
  await world.quiesce();
  return { world, repo, tasks, healthy, mainBefore, filesBefore };
}

/** Closed, or a note says why it cannot move (refused work, or a pull request that waits for a person). */
function settled(repo: TestRepo, number: number): boolean {
  return repo.isClosed(number) || repo.notesOf(number).length > 0;
}

/** What a person is told about a task: its notes, its pull requests' bodies and comments. */
export function toldAbout(repo: TestRepo, number: number): string {
  const pulls = repo.pulls().filter((pr) => pr.headRef.startsWith(`drover/${number}/`));
  return [
    ...repo.notesOf(number),
    ...pulls.flatMap((pr) => [
      repo.issue(pr.number).body ?? '',
      ...repo.comments(pr.number).map((comment) => comment.body),
    ]),
  ]
    .join('\n')
    .replace(/\\/g, '');
}

/**
 * The attack changed nothing on the default branch: every file there is as it was, but the
 * healthy task's (and what `allowed` names).
 */
export function defaultBranchUntouched(run: HostileRun, allowed: string[] = []): string[] {
  const now = treeOf(run.repo, mainSha(run.repo));
  const permitted = new Set([`tasks/${run.healthy}.txt`, ...allowed]);
  const problems: string[] = [];
  for (const [path, entry] of now)
    if (run.filesBefore.get(path) !== entry && !permitted.has(path)) problems.push(`changed: ${path}`);
  for (const path of run.filesBefore.keys()) if (!now.has(path)) problems.push(`deleted: ${path}`);
  return problems;
}

/** Nothing of the task's work was written: its branches (the claim) hold nothing main lacks, and it has no pull request. */
export function nothingWrittenFor(run: HostileRun, number: number): string[] {
  const problems = run.repo
    .droverBranches()
    .filter((branch) => branch.startsWith(`drover/${number}/`))
    .filter((branch) => run.repo.branchAheadOfMainOr0(branch) !== 0)
    .map((branch) => `branch ${branch} holds work`);
  for (const pr of run.repo.pulls())
    if (pr.headRef.startsWith(`drover/${number}/`)) problems.push(`pull request #${pr.number}`);
  return problems;
}
