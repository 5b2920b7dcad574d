/**
 * REST for artifacts. A download answers 302 with a short-lived signed URL on the simulator's
 * blob store, as GitHub redirects to its storage. https://docs.github.com/rest/actions/artifacts
 */
import type { SimRequest, SimulatorHost } from '../host.js';
import type { ArtifactRecord, ArtifactStore } from './artifact-store.js';
import type { RunStore } from './run-store.js';
import { listResponse, notFound } from './rest-responses.js';
import { artifactBlobPath, type SignedUrls } from './signed-urls.js';

const READ = { needs: { scope: 'actions', level: 'read' as const } };
const WRITE = { needs: { scope: 'actions', level: 'write' as const } };
/** "The `Location:` URL … expires after 1 minute." (Download an artifact, REST reference) */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

export function installArtifactRoutes(
  host: SimulatorHost,
  artifacts: ArtifactStore,
  runs: RunStore,
  blobUrls: SignedUrls,
): void {
  const repoOf = (req: SimRequest) => `${req.params.owner}/${req.params.repo}`;

  const payload = (artifact: ArtifactRecord): Record<string, unknown> => {
    const api = `${host.baseUrl}/repos/${artifact.repo}/actions/artifacts/${artifact.id}`;
    const run = runs.get(artifact.repo, artifact.runId);
    const repository = host.repositoryPayload(...(artifact.repo.split('/') as [string, string]));
    return {
      id: artifact.id,
      node_id: Buffer.from(`MDg6QXJ0aWZhY3Q${artifact.id}`).toString('base64').replace(/=+$/, ''),
      name: artifact.name,
      size_in_bytes: artifact.size,
      url: api,
      archive_download_url: `${api}/zip`,
      expired: Date.parse(artifact.expiresAt) < host.now().getTime(),
      created_at: artifact.createdAt,
      expires_at: artifact.expiresAt,
      updated_at: artifact.updatedAt,
      digest: artifact.digest,
      workflow_run: {
        id: artifact.runId,
        repository_id: repository.id,
        head_repository_id: repository.id,
        head_branch: run?.headBranch ?? null,
        head_sha: run?.headSha ?? null,
      },
    };
  };

  const find = (req: SimRequest) => {
    const artifact = artifacts.get(Number(req.params.artifact_id));
    return artifact?.finalized && artifact.repo.toLowerCase() === repoOf(req).toLowerCase()
      ? artifact
      : undefined;
  };

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/artifacts',
    (req) => {
      const list = artifacts.list({ repo: repoOf(req), name: req.query.get('name') ?? undefined });
      return listResponse(req, host.baseUrl, 'artifacts', list.map(payload));
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts',
    (req) => {
      if (!runs.get(repoOf(req), Number(req.params.run_id))) return notFound();
      const list = artifacts.list({
        repo: repoOf(req),
        runId: Number(req.params.run_id),
        name: req.query.get('name') ?? undefined,
      });
      return listResponse(req, host.baseUrl, 'artifacts', list.map(payload));
    },
    READ,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
    (req) => {
      const artifact = find(req);
      return artifact ? { status: 200, body: payload(artifact) } : notFound();
    },
    READ,
  );

  host.route(
    'DELETE',
    '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}',
    (req) => {
      const artifact = find(req);
      if (!artifact) return notFound();
      artifact.finalized = false;
      artifact.content = null;
      return { status: 204 };
    },
    WRITE,
  );

  host.route(
    'GET',
    '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
    (req) => {
      const artifact = find(req);
      if (!artifact || req.params.archive_format !== 'zip') return notFound();
      const location = blobUrls.sign(
        artifactBlobPath(artifact.id),
        'r',
        new Date(host.now().getTime() + DOWNLOAD_URL_LIFETIME_MS),
      );
      return { status: 302, headers: { location } };
    },
    READ,
  );
}
