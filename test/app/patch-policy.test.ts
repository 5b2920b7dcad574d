import { describe, expect, it } from '@jest/globals';
import type { AttemptPatch, FileChange, PatchCommit } from '../../core/attempt-artifact.js';
import { defaultConfig } from '../../core/config.js';
import {
  checkPatchPolicy,
  type PatchPolicyInput,
  type PatchPolicyResult,
} from '../../app/publish/patch-policy.js';
import { gitBlobSha, treeIndexFromGitTree, type TreeFile } from '../../app/publish/tree-state.js';

const BASE = 'a'.repeat(40);
const policy = defaultConfig().patch;
const scope = { task: 10, subIssues: [11, 12], attempt: 1, agent: 'claude' };

function write(
  path: string,
  content = `content of ${path}\n`,
  mode: '100644' | '100755' | '120000' = '100644',
): FileChange {
  return { action: 'write', path, mode, contentBase64: Buffer.from(content).toString('base64') };
}
const symlink = (path: string, target: string) => write(path, target, '120000');
const del = (path: string): FileChange => ({ action: 'delete', path });

function commit(changes: FileChange[], issue = 10, message = `Change things (#${issue})`): PatchCommit {
  return { issue, message, changes };
}

function patchOf(...commits: PatchCommit[]): AttemptPatch {
  return { version: 1, mode: 'implement', baseSha: BASE, mergeParentSha: null, commits };
}

/** A base tree with known blob shas; `files` maps path → content (a `->` prefix makes a symlink). */
function tree(files: Record<string, string | { content: string; mode: string }>): Map<string, TreeFile> {
  const index = new Map<string, TreeFile>();
  for (const [path, spec] of Object.entries(files)) {
    const { content, mode } = typeof spec === 'string' ? { content: spec, mode: '100644' } : spec;
    const entry: TreeFile = { mode, sha: gitBlobSha(Buffer.from(content)) };
    if (mode === '120000') entry.symlinkTarget = content;
    index.set(path, entry);
  }
  return index;
}

const link = (target: string) => ({ content: target, mode: '120000' });
const exe = (content: string) => ({ content, mode: '100755' });

function check(patch: AttemptPatch, options: Partial<PatchPolicyInput> = {}): PatchPolicyResult {
  return checkPatchPolicy({ patch, policy, baseTree: new Map(), scope, ...options });
}

function refusal(result: PatchPolicyResult): string {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.needsPerson)}`);
  return result.reason;
}

function waits(result: PatchPolicyResult): string[] {
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.reason}`);
  return result.needsPerson.map((item) => `${item.kind}: ${item.path}`);
}

const workflowsTree = tree({
  '.github/workflows/ci.yml': 'on: push',
  '.github/workflows/release.yml': 'on: tag',
  '.github/dependabot.yml': 'version: 2',
  'src/index.ts': 'export {}',
});

describe('patch policy: protected paths by effect', () => {
  it.each([
    ['a deletion of the directory .github/workflows', [del('.github/workflows')]],
    ['a deletion of .github', [del('.github')]],
    ['a file at .github/workflows', [write('.github/workflows', 'x')]],
    ['a symlink at .github/workflows', [symlink('.github/workflows', '../src')]],
    ['a file at .github', [write('.github', 'x')]],
    ['a deletion of one workflow', [del('.github/workflows/ci.yml')]],
    ['a workflow in another case', [write('.GitHub/Workflows/evil.yml', 'on: push')]],
    ['a new nested workflow file', [write('.github/workflows/sub/evil.yml', 'on: push')]],
  ])('refuses %s unless workflow changes are allowed', (_name, changes) => {
    expect(refusal(check(patchOf(commit(changes)), { baseTree: workflowsTree }))).toMatch(
      /workflow files may only change when `patch.allow_workflow_changes: true`/,
    );
  });

  it('refuses a deletion of .github/workflows even when the caller could not list the tree', () => {
    expect(refusal(check(patchOf(commit([del('.github/workflows')]))))).toMatch(/allow_workflow_changes/);
  });

  it('with workflow changes allowed, every workflow file the change removes waits for a person', () => {
    const result = check(patchOf(commit([del('.github')])), {
      baseTree: workflowsTree,
      policy: { ...policy, allow_workflow_changes: true },
    });
    // .github/dependabot.yml goes too, but it is not protected by default.
    expect(waits(result)).toEqual([
      'protected-path: .github/workflows/ci.yml',
      'protected-path: .github/workflows/release.yml',
    ]);
  });

  it.each([
    '.github/drover.yml',
    '.github/actions/setup/action.yml',
    'CODEOWNERS',
    'docs/CODEOWNERS',
    '.github/CODEOWNERS',
    '.gitmodules',
    '.gitattributes',
    'lib/.gitattributes',
  ])('writes %s but makes it wait for a person', (path) => {
    expect(waits(check(patchOf(commit([write(path, 'x')]))))).toEqual([`protected-path: ${path}`]);
  });

  it('protects configured paths too, including the directory itself', () => {
    const configured = { ...policy, protected_paths: ['deploy/**'] };
    const base = tree({ 'deploy/prod.sh': 'run', 'deploy/stage.sh': 'run' });
    expect(waits(check(patchOf(commit([del('deploy')])), { baseTree: base, policy: configured }))).toEqual([
      'protected-path: deploy/prod.sh',
      'protected-path: deploy/stage.sh',
    ]);
    expect(waits(check(patchOf(commit([write('deploy', 'x')])), { policy: configured }))).toEqual([
      'protected-path: deploy',
    ]);
  });

  it('treats a change to the file a protected symlink leads to as a change to the protected path', () => {
    const base = tree({ '.github/CODEOWNERS': link('../owners.txt'), 'owners.txt': '* @team' });
    expect(waits(check(patchOf(commit([write('owners.txt', '* @agent')])), { baseTree: base }))).toEqual([
      'protected-path: owners.txt',
    ]);
  });

  it('leaves ordinary changes alone', () => {
    expect(
      waits(check(patchOf(commit([write('src/a.ts'), del('src/index.ts')])), { baseTree: workflowsTree })),
    ).toEqual([]);
  });
});

describe('patch policy: limits by effect', () => {
  const bigTree = tree(
    Object.fromEntries(
      Array.from({ length: 704 }, (_, index) => [`${index % 2 ? 'lib' : 'vendor'}/f${index}.js`, `${index}`]),
    ),
  );

  it('counts a directory deletion as every file under it (2 paths, 704 files, max_files 500)', () => {
    expect(refusal(check(patchOf(commit([del('lib'), del('vendor')])), { baseTree: bigTree }))).toMatch(
      /changes 704 files \(deletions counted per file\), more than `patch.max_files` \(500\)/,
    );
  });

  it('counts the directory a written file replaces, and the file a written directory replaces', () => {
    const base = tree({ 'dir/a': '1', 'dir/b': '2', file: 'x' });
    const result = check(patchOf(commit([write('dir', 'now a file'), write('file/inside', 'y')])), {
      baseTree: base,
    });
    expect(result).toMatchObject({ ok: true, effects: { files: 5 } });
    expect(
      refusal(
        check(patchOf(commit([write('dir', 'x')])), { baseTree: base, policy: { ...policy, max_files: 2 } }),
      ),
    ).toMatch(/changes 3 files/);
  });

  it('counts a file changed in several commits once', () => {
    const result = check(
      patchOf(commit([write('a', '1')], 11), commit([write('a', '2')], 12), commit([write('a', '3')])),
    );
    expect(result).toMatchObject({ ok: true, effects: { files: 1 } });
  });

  it('counts bytes written (decoded), over all commits', () => {
    const patch = patchOf(commit([write('a', 'x'.repeat(600))], 11), commit([write('b', 'y'.repeat(600))]));
    expect(refusal(check(patch, { policy: { ...policy, max_bytes: 1000 } }))).toMatch(/writes 1200 bytes/);
  });

  it('refuses content that is not canonical base64 (the scanner and the writer would read different bytes)', () => {
    const forged: FileChange = {
      action: 'write',
      path: 'a.txt',
      mode: '100644',
      contentBase64: 'aGVsbG8=!!',
    };
    expect(refusal(check(patchOf(commit([forged]))))).toMatch(/not canonical base64/);
  });
});

describe('patch policy: modes and symlinks', () => {
  const base = tree({
    'run.sh': 'echo',
    'tool.sh': exe('echo'),
    'docs/link': link('../README.md'),
    'README.md': 'hi',
  });

  it.each([
    ['a file made executable', write('run.sh', 'echo', '100755'), 'mode-change: run.sh'],
    ['an executable made a file', write('tool.sh', 'echo', '100644'), 'mode-change: tool.sh'],
    ['a file made a symlink', symlink('run.sh', 'README.md'), 'mode-change: run.sh'],
    ['a symlink made a file', write('docs/link', 'text'), 'mode-change: docs/link'],
    ['a new executable', write('new.sh', 'echo', '100755'), 'mode-change: new.sh'],
    ['a new symlink inside the tree', symlink('src/readme', '../README.md'), 'symlink: src/readme'],
  ])('writes %s but makes it wait for a person', (_name, change, expected) => {
    expect(waits(check(patchOf(commit([change])), { baseTree: base }))).toEqual([expected]);
  });

  it('does not flag a content change that keeps the mode', () => {
    expect(waits(check(patchOf(commit([write('tool.sh', 'echo 2', '100755')])), { baseTree: base }))).toEqual(
      [],
    );
  });

  it.each([
    ['an absolute target', '/etc/passwd', /absolute/],
    ['a target that climbs out', '../../etc/passwd', /outside the repository/],
    ['a target that climbs out after going in', 'src/../../x', /outside the repository/],
    ['a Windows absolute target', 'C:\\Windows', /absolute/],
    ['a target with a control character', 'a\nb', /control character/],
    ['an empty target', '', /empty/],
    ['a target into .git', '.git/hooks/pre-commit', /git's metadata/],
    ['a target into a .git spelling', 'sub/.GIT./config', /git's metadata/],
    ['a target into .git after a ..', 'x/../.git', /git's metadata/],
  ])('refuses a symlink with %s', (_name, target, reason) => {
    expect(refusal(check(patchOf(commit([symlink('link', target)])), { baseTree: base }))).toMatch(reason);
  });

  it('follows symlink chains: x -> . makes x/x/../.. leave the tree although it normalises to "."', () => {
    const patch = patchOf(commit([symlink('x', '.'), symlink('y', 'x/x/../..')]));
    expect(refusal(check(patch))).toMatch(/y leads outside the repository/);
  });

  it('refuses a link through an existing link that leaves the tree', () => {
    const escaping = tree({ out: link('../..') });
    expect(
      refusal(check(patchOf(commit([symlink('mine', 'out/etc/passwd')])), { baseTree: escaping })),
    ).toMatch(/outside the repository/);
  });

  it('refuses a change that makes an existing link leave the tree', () => {
    const existing = tree({ docs: link('x/..'), 'x/file': '1' });
    // x becomes a link to "." (inside), so docs -> x/.. now climbs above the root.
    const patch = patchOf(commit([symlink('x', '.')]));
    expect(refusal(check(patch, { baseTree: existing }))).toMatch(/docs leads outside the repository/);
  });

  it('refuses symlink loops', () => {
    expect(refusal(check(patchOf(commit([symlink('a', 'b'), symlink('b', 'a')]))))).toMatch(/loops/);
    expect(refusal(check(patchOf(commit([symlink('self', 'self/x')]))))).toMatch(/loops/);
  });

  it('accepts a chain that stays inside, and says so when it passes a link whose target is unknown', () => {
    const partlyKnown = new Map<string, TreeFile>([['vendor', { mode: '120000' }]]);
    const result = check(
      patchOf(commit([symlink('a', 'b/c'), symlink('b', 'lib'), symlink('v', 'vendor/x')])),
      {
        baseTree: partlyKnown,
      },
    );
    expect(waits(result)).toEqual(['symlink: a', 'symlink: b', 'symlink: v', 'symlink: v']);
    if (result.ok)
      expect(result.needsPerson[3]?.why).toBe('the symlink v leads through vendor, whose target is unknown');
  });

  it('refuses a symlinked .gitmodules in every spelling git refuses', () => {
    for (const name of ['.gitmodules', '.GitModules', 'gitmod~1', '.gitattributes '])
      expect(refusal(check(patchOf(commit([symlink(name, 'x')]))))).toMatch(/symlink under a name git reads/);
  });
});

describe('patch policy: paths', () => {
  it.each([
    ['./src/a.ts', /"\." component/],
    ['src//a.ts', /empty component/],
    ['src/a.ts/', /empty component/],
    ['.git/config', /git's own metadata/],
    ['src/.git\u200D/config', /invisible/],
    ['src/a\u0000b', /control character/],
    ['src/a\u001bb', /control character/],
    ['src/\uD800', /not valid UTF-8/],
  ])('refuses %j', (path, reason) => {
    expect(refusal(check(patchOf(commit([write(path)]))))).toMatch(reason);
  });

  it('refuses a path and a path inside it in one commit, and the same path twice', () => {
    expect(refusal(check(patchOf(commit([del('src'), write('src/a.ts')]))))).toMatch(
      /changes both src and src\/a.ts/,
    );
    expect(refusal(check(patchOf(commit([write('a'), write('a', 'other')]))))).toMatch(/changes a twice/);
  });
});

describe('patch policy: commits', () => {
  it('allows one commit per sub-issue plus one for the task', () => {
    const result = check(
      patchOf(commit([write('a')], 11), commit([write('b')], 12), commit([write('c')], 10)),
    );
    expect(result.ok).toBe(true);
  });

  it('refuses more commits than sub-issues plus one (400 commits)', () => {
    const commits = Array.from({ length: 400 }, (_, index) => commit([write(`f${index}`)], 10));
    expect(refusal(check(patchOf(...commits)))).toMatch(
      /400 commits; a task with 2 sub-issues may have at most 3/,
    );
  });

  it('refuses a patch without commits, an empty commit, and a commit that changes nothing', () => {
    expect(refusal(check(patchOf()))).toMatch(/no commit/);
    expect(refusal(check(patchOf(commit([write('a')], 11), commit([], 10))))).toMatch(
      /commit 2 changes nothing/,
    );
    const base = tree({ 'same.txt': 'same' });
    expect(refusal(check(patchOf(commit([write('same.txt', 'same')])), { baseTree: base }))).toMatch(
      /commit 1 changes nothing/,
    );
  });

  it('refuses a commit for an issue outside the task', () => {
    expect(refusal(check(patchOf(commit([write('a')], 99))))).toMatch(
      /#99, which is neither task #10 nor one of its sub-issues/,
    );
  });

  it('refuses messages that are too long, hold NUL or control characters, or are empty', () => {
    expect(refusal(check(patchOf(commit([write('a')], 10, 'x'.repeat(10_001)))))).toMatch(
      /10001 characters long/,
    );
    expect(refusal(check(patchOf(commit([write('a')], 10, 'Fix\u0000it'))))).toMatch(/NUL/);
    expect(refusal(check(patchOf(commit([write('a')], 10, 'Fix \u001b[31mred'))))).toMatch(
      /control character/,
    );
    expect(refusal(check(patchOf(commit([write('a')], 10, 'Drover-Task: 10'))))).toMatch(
      /empty once trailers/,
    );
  });

  it("strips forged trailers, says which, and writes the app's own", () => {
    const message = [
      'Add login (#10)',
      '',
      'Closes #2 and fixes owner/repo#3.',
      'Co-authored-by: Linus <torvalds@example.com>',
      'Signed-off-by: Maintainer <m@example.com>',
      '',
      'Drover-Task: 99',
      'Drover-Attempt: 1',
      'Drover-Agent: claude',
    ].join('\n');
    const result = check(patchOf(commit([write('a')], 10, message)));
    if (!result.ok) throw new Error(result.reason);
    expect(result.patch.commits[0]?.message).toBe(
      'Add login (#10)\n\nCloses- #2 and fixes- owner/repo#3.\n\nDrover-Task: 10\nDrover-Attempt: 1\nDrover-Agent: claude\n',
    );
    expect(result.strippedTrailers).toEqual([
      { commit: 0, trailer: 'Co-authored-by: Linus <torvalds@example.com>' },
      { commit: 0, trailer: 'Signed-off-by: Maintainer <m@example.com>' },
      { commit: 0, trailer: 'Drover-Task: 99' },
    ]);
  });
});

describe('patch policy: resolve (the merge of the base branch)', () => {
  const prHead = tree({ 'src/a.ts': 'pr version', '.github/workflows/ci.yml': 'old ci' });
  const mainHead = tree({
    'src/a.ts': 'main version',
    '.github/workflows/ci.yml': 'new ci',
    'src/b.ts': 'new on main',
  });

  it("does not count what the merge brings in from the base branch (it is already there), only the agent's resolution", () => {
    const merge = commit(
      [
        write('.github/workflows/ci.yml', 'new ci'),
        write('src/b.ts', 'new on main'),
        write('src/a.ts', 'both versions'),
      ],
      10,
      'Merge main into drover/10-x (#10)',
    );
    const patch: AttemptPatch = { ...patchOf(merge), mode: 'resolve', mergeParentSha: 'b'.repeat(40) };
    const result = check(patch, { baseTree: prHead, targetTree: mainHead });
    expect(result).toMatchObject({ ok: true, needsPerson: [], effects: { files: 1 } });
  });

  it('still refuses a workflow the resolution changes beyond the base branch', () => {
    const merge = commit([write('.github/workflows/ci.yml', 'evil ci')], 10);
    const patch: AttemptPatch = { ...patchOf(merge), mode: 'resolve', mergeParentSha: 'b'.repeat(40) };
    expect(refusal(check(patch, { baseTree: prHead, targetTree: mainHead }))).toMatch(
      /allow_workflow_changes/,
    );
  });
});

describe('treeIndexFromGitTree', () => {
  it('keeps files, symlinks and submodules of a recursive listing, with symlink targets the caller read', () => {
    const index = treeIndexFromGitTree(
      [
        { path: 'src', mode: '040000', type: 'tree', sha: '1'.repeat(40) },
        { path: 'src/a.ts', mode: '100644', type: 'blob', sha: '2'.repeat(40) },
        { path: 'link', mode: '120000', type: 'blob', sha: '3'.repeat(40) },
        { path: 'sub', mode: '160000', type: 'commit', sha: '4'.repeat(40) },
      ],
      new Map([['link', 'src/a.ts']]),
    );
    expect([...index.keys()]).toEqual(['src/a.ts', 'link', 'sub']);
    expect(index.get('link')).toEqual({ mode: '120000', sha: '3'.repeat(40), symlinkTarget: 'src/a.ts' });
  });
});
