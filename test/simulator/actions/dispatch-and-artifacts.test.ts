import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { installActions, type ActionsModule } from '../../../simulator/actions/index.js';
import { FakeHost } from './fake-host.js';
import { validateResponse, validateWebhook } from './openapi-schemas.js';
import { readZipEntry } from './zip-entry.js';

const ACTION_DIR = fileURLToPath(new URL('./fixtures/upload-action', import.meta.url));

const WORKFLOW = `name: Drover
run-name: "\${{ format('drover #{0} attempt {1}', inputs.task, inputs.attempt) }}"
on:
  workflow_dispatch:
    inputs:
      task:
        required: true
      attempt:
        default: '1'
permissions:
  contents: read
jobs:
  attempt:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    env:
      GREETING: hello \${{ inputs.task }}
    steps:
      - uses: actions/checkout@v4
      - id: upload
        uses: drover/test-action@v1
        with:
          task: \${{ inputs.task }}
          artifact-name: attempt-\${{ inputs.task }}
      - name: Use the output
        run: |
          echo "artifact=\${{ steps.upload.outputs.artifact-id }} $GREETING secret=\${{ secrets.MODEL_KEY }}"
          echo "event inputs: $(node -e 'console.log(JSON.stringify(require(process.env.GITHUB_EVENT_PATH).inputs))')"
          echo "token=$GITHUB_TOKEN"
          node -e "fetch(process.env.GITHUB_API_URL + '/repos/octo/widgets/issues', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.GITHUB_TOKEN }, body: '{}' }).then((r) => console.log('issue write status ' + r.status))"
`;

describe('workflow dispatch with a JavaScript action that uploads an artifact', () => {
  let host: FakeHost;
  let actions: ActionsModule;
  let octokit: Octokit;

  beforeAll(async () => {
    host = await FakeHost.start();
    host.createRepo('octo', 'widgets', {
      'README.md': '# widgets\n',
      '.github/workflows/drover.yml': WORKFLOW,
    });
    actions = installActions(host, {
      actionPaths: { 'drover/test-action@v1': ACTION_DIR },
      maxConcurrentJobs: 2,
    });
    actions.setSecret('octo/widgets', 'MODEL_KEY', 'sk-very-secret');
    octokit = new Octokit({ auth: host.userToken, baseUrl: host.baseUrl });
  });

  afterAll(async () => {
    await actions.close();
    await host.close();
  });

  test('runs the job, uploads the artifact, and serves it by REST after workflow_run.completed', async () => {
    const dispatched = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        owner: 'octo',
        repo: 'widgets',
        workflow_id: 'drover.yml',
        ref: 'main',
        inputs: { task: '12' },
        return_run_details: true,
      } as never,
    );
    expect(dispatched.status).toBe(200);
    expect(
      validateResponse(
        'POST',
        '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
        200,
        dispatched.data,
      ),
    ).toEqual([]);
    const details = dispatched.data as unknown as {
      workflow_run_id: number;
      run_url: string;
      html_url: string;
    };
    expect(details.run_url).toBe(
      `${host.baseUrl}/repos/octo/widgets/actions/runs/${details.workflow_run_id}`,
    );
    expect(details.html_url).toMatch(/^http:\/\/github\.localhost:\d+\/octo\/widgets\/actions\/runs\/\d+$/);

    const completed = await host.waitForWebhook(
      (h) => h.event === 'workflow_run' && h.payload.action === 'completed',
    );
    const run = completed.payload.workflow_run as Record<string, unknown>;
    const log = actions.runLog(details.workflow_run_id);
    expect({ conclusion: run.conclusion, log }).toMatchObject({ conclusion: 'success' });
    expect(run).toMatchObject({
      id: details.workflow_run_id,
      display_title: 'drover #12 attempt 1',
      status: 'completed',
      event: 'workflow_dispatch',
      head_branch: 'main',
    });

    const { data: listed } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: 'octo',
      repo: 'widgets',
      run_id: details.workflow_run_id,
    });
    expect(listed.total_count).toBe(1);
    const artifact = listed.artifacts[0]!;
    expect(artifact.name).toBe('attempt-12');
    expect(log).toContain(`artifact=${artifact.id} hello 12 secret=***`);

    const download = await octokit.rest.actions.downloadArtifact({
      owner: 'octo',
      repo: 'widgets',
      artifact_id: artifact.id,
      archive_format: 'zip',
    });
    const zip = Buffer.from(download.data as ArrayBuffer);
    expect(`sha256:${createHash('sha256').update(zip).digest('hex')}`).toBe(artifact.digest);
    const report = JSON.parse(readZipEntry(zip, 'report.json').toString('utf8')) as Record<string, unknown>;
    expect(report).toEqual({ task: '12', sha: run.head_sha, checkedOut: true, tokenGiven: true });

    const { data: byName } = await octokit.rest.actions.listArtifactsForRepo({
      owner: 'octo',
      repo: 'widgets',
      name: 'attempt-12',
    });
    expect(byName.artifacts.map((a) => a.id)).toEqual([artifact.id]);
    const { data: single } = await octokit.rest.actions.getArtifact({
      owner: 'octo',
      repo: 'widgets',
      artifact_id: artifact.id,
    });
    expect(single).toMatchObject({
      name: 'attempt-12',
      size_in_bytes: zip.length,
      workflow_run: { id: details.workflow_run_id },
    });
  });

  test('the run log shows workflow commands and masks secrets and tokens', () => {
    const [run] = actions.runs();
    const log = actions.runLog(run!.id);
    expect(log).toContain('##[error]Error: a reported problem');
    expect(log).toContain('token is ***');
    expect(log).toContain('token=***');
    expect(log).toContain('event inputs: {"task":"12","attempt":"1"}');
    expect(log).not.toContain('sk-very-secret');
    expect(run!.summary).toMatch(/^uploaded \d+/);
  });

  test("the job token has the workflow's permissions, cannot write, and is revoked when the job ends", () => {
    const tokens = [...host.jobTokens.values()];
    expect(tokens).toEqual([
      { repo: 'octo/widgets', permissions: { metadata: 'read', contents: 'read' }, revoked: true },
    ]);
    expect(actions.runLog(actions.runs()[0]!.id)).toContain('issue write status 403');
  });

  test("sends workflow_run requested, in_progress and completed payloads that validate against GitHub's schema", () => {
    const runHooks = host.webhooks.filter((h) => h.event === 'workflow_run');
    expect(
      runHooks.map((h) => [h.payload.action, (h.payload.workflow_run as { status: string }).status]),
    ).toEqual([
      ['requested', 'queued'],
      ['in_progress', 'in_progress'],
      ['completed', 'completed'],
    ]);
    expect(validateWebhook('workflow-run-completed', runHooks[2]!.payload)).toEqual([]);
    expect(validateWebhook('workflow-run-requested', runHooks[0]!.payload)).toEqual([]);
    expect(validateWebhook('workflow-run-in-progress', runHooks[1]!.payload)).toEqual([]);
    const jobHooks = host.webhooks.filter((h) => h.event === 'workflow_job');
    expect(jobHooks.map((h) => h.payload.action)).toEqual(['queued', 'in_progress', 'completed']);
    for (const hook of jobHooks) {
      const key = `workflow-job-${String(hook.payload.action).replace('_', '-')}`;
      expect({ key, errors: validateWebhook(key, hook.payload) }).toEqual({ key, errors: [] });
    }
    expect(jobHooks[2]!.payload.workflow_job).toMatchObject({
      conclusion: 'success',
      labels: ['ubuntu-latest'],
      steps: [
        { number: 1, name: 'actions/checkout@v4', conclusion: 'success' },
        { number: 2, name: 'drover/test-action@v1', conclusion: 'success' },
        { number: 3, name: 'Use the output', conclusion: 'success' },
      ],
    });
    const dispatch = host.webhooks.find((h) => h.event === 'workflow_dispatch');
    expect(validateWebhook('workflow-dispatch', dispatch!.payload)).toEqual([]);
  });

  test('lists and gets runs and the workflow, with filters and pagination', async () => {
    const [run] = actions.runs();
    const { data: forRepo } = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner: 'octo',
      repo: 'widgets',
      status: 'success',
      event: 'workflow_dispatch',
    });
    expect(forRepo.total_count).toBe(1);
    expect(forRepo.workflow_runs[0]!.id).toBe(run!.id);
    const { data: none } = await octokit.rest.actions.listWorkflowRunsForRepo({
      owner: 'octo',
      repo: 'widgets',
      status: 'in_progress',
    });
    expect(none.total_count).toBe(0);
    const { data: workflow } = await octokit.rest.actions.getWorkflow({
      owner: 'octo',
      repo: 'widgets',
      workflow_id: 'drover.yml',
    });
    expect(workflow).toMatchObject({ name: 'Drover', path: '.github/workflows/drover.yml', state: 'active' });
    const { data: byId } = await octokit.rest.actions.listWorkflowRuns({
      owner: 'octo',
      repo: 'widgets',
      workflow_id: workflow.id,
      per_page: 1,
    });
    expect(byId.workflow_runs.map((r) => r.id)).toEqual([run!.id]);
    const { data: got } = await octokit.rest.actions.getWorkflowRun({
      owner: 'octo',
      repo: 'widgets',
      run_id: run!.id,
    });
    expect(got).toMatchObject({ run_number: 1, workflow_id: workflow.id, conclusion: 'success' });
  });

  test('serves a job log as text through a short-lived redirect', async () => {
    const [run] = actions.runs();
    const { data } = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
      owner: 'octo',
      repo: 'widgets',
      job_id: run!.jobs[0]!.id,
    });
    expect(String(data)).toContain('##[group]Use the output');
    expect(String(data)).not.toContain('sk-very-secret');
  });

  test("REST responses validate against GitHub's OpenAPI description", async () => {
    const [run] = actions.runs();
    const params = { owner: 'octo', repo: 'widgets', run_id: run!.id, workflow_id: run!.workflowId };
    const artifactId = (await octokit.rest.actions.listArtifactsForRepo({ owner: 'octo', repo: 'widgets' }))
      .data.artifacts[0]!.id;
    const templates = [
      '/repos/{owner}/{repo}/actions/runs',
      '/repos/{owner}/{repo}/actions/runs/{run_id}',
      '/repos/{owner}/{repo}/actions/workflows/{workflow_id}',
      '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
      '/repos/{owner}/{repo}/actions/artifacts',
      '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
      '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs',
      '/repos/{owner}/{repo}/actions/jobs/{job_id}',
    ];
    // The validator does reject a wrong shape.
    expect(validateResponse('GET', templates[1]!, 200, { id: 'not a number' })).not.toEqual([]);
    for (const template of templates) {
      const response = await octokit.request(`GET ${template}`, {
        ...params,
        artifact_id: artifactId,
        job_id: run!.jobs[0]!.id,
      });
      expect({ template, errors: validateResponse('GET', template, response.status, response.data) }).toEqual(
        { template, errors: [] },
      );
    }
  });

  test("refuses bad dispatches with GitHub's messages and creates no run", async () => {
    const dispatch = (body: Record<string, unknown>, workflow = 'drover.yml') =>
      octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        owner: 'octo',
        repo: 'widgets',
        workflow_id: workflow,
        ...body,
      } as never);
    const before = actions.runs().length;
    await expect(dispatch({ ref: 'main', inputs: {} })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Required input 'task' not provided"),
    });
    await expect(dispatch({ ref: 'main', inputs: { task: '1', bogus: 'x' } })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Unexpected inputs provided: ["bogus"]'),
    });
    await expect(dispatch({ ref: 'nope', inputs: { task: '1' } })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No ref found for: nope'),
    });
    await expect(dispatch({ ref: 'main' }, 'missing.yml')).rejects.toMatchObject({ status: 404 });
    expect(actions.runs().length).toBe(before);
  });
});
