import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startSimulator, type Simulator } from '../../../simulator/index.js';

const ACTION_DIR = fileURLToPath(new URL('./fixtures/upload-action', import.meta.url));

const WORKFLOW = `name: Drover
run-name: "drover #\${{ inputs.task }}"
on:
  workflow_dispatch:
    inputs:
      task: { required: true }
permissions:
  contents: read
jobs:
  attempt:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: drover/test-action@v1
        with:
          task: \${{ inputs.task }}
          artifact-name: attempt-\${{ inputs.task }}
      - name: Try to write with the read-only token
        run: |
          auth=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)
          git -c user.name=a -c user.email=a@b commit -q --allow-empty -m hijack
          if git -c "http.extraheader=AUTHORIZATION: basic $auth" push -q origin HEAD:refs/heads/hijack; then echo "push=ok"; else echo "push=refused"; fi
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.GITHUB_TOKEN, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x' }) }).then((r) => console.log('issue write status ' + r.status))"
`;

describe('Actions through startSimulator', () => {
  let sim: Simulator;
  let octokit: Octokit;

  beforeAll(async () => {
    sim = await startSimulator({ actions: { actionPaths: { 'drover/test-action@v1': ACTION_DIR } } });
    const owner = sim.createUser('octo');
    sim.createRepo('octo', 'widgets', {
      files: { 'README.md': '# widgets\n', '.github/workflows/drover.yml': WORKFLOW },
    });
    octokit = new Octokit({ auth: owner.token, baseUrl: sim.baseUrl });
  });

  afterAll(async () => {
    await sim.close();
  });

  test('a dispatched run uploads its artifact; the contents: read token can neither push nor write', async () => {
    const { data } = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner: 'octo',
        repo: 'widgets',
        workflow_id: 'drover.yml',
        ref: 'main',
        inputs: { task: '3' },
        return_run_details: true,
      } as never,
    );
    const runId = (data as unknown as { workflow_run_id: number }).workflow_run_id;
    await sim.actions.idle();
    const log = sim.actions.runLog(runId);
    const { data: run } = await octokit.rest.actions.getWorkflowRun({
      owner: 'octo',
      repo: 'widgets',
      run_id: runId,
    });
    expect(run.conclusion === 'success' ? 'success' : log).toBe('success');
    expect(run.display_title).toBe('drover #3');
    expect(log).toContain('push=refused');
    expect(log).toMatch(/issue write status 403/);
    const { data: artifacts } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: 'octo',
      repo: 'widgets',
      run_id: runId,
    });
    expect(artifacts.artifacts.map((a) => a.name)).toEqual(['attempt-3']);
    const download = await octokit.rest.actions.downloadArtifact({
      owner: 'octo',
      repo: 'widgets',
      artifact_id: artifacts.artifacts[0]!.id,
      archive_format: 'zip',
    });
    expect(
      Buffer.from(download.data as ArrayBuffer)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });
});
