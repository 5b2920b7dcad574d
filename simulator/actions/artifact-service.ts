/**
 * The Actions Results artifact service that @actions/artifact (v2+ protocol) talks to: Twirp
 * JSON RPCs under `/twirp/github.actions.results.api.v1.ArtifactService/` and a blob store that
 * accepts what @azure/storage-blob's BlockBlobClient sends (Put Block + Put Block List, or one
 * Put Blob). Neither is GitHub REST, so both are registered unauthenticated: the RPCs check the
 * ACTIONS_RUNTIME_TOKEN, the blobs check their signed URLs.
 */
import { createHash } from 'node:crypto';
import type { SimRequest, SimResponse, SimulatorHost } from '../host.js';
import type { ArtifactRecord, ArtifactStore } from './artifact-store.js';
import type { RunStore } from './run-store.js';
import type { RuntimeScope, RuntimeTokens } from './runtime-token.js';
import { artifactBlobPath, BLOB_ROUTE_PREFIX, type SignedUrls } from './signed-urls.js';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService';

/** Upload URLs live as long as a job may; download URLs a short while, as GitHub's do. */
const UPLOAD_URL_LIFETIME_MS = 6 * 60 * 60 * 1000;
const DOWNLOAD_URL_LIFETIME_MS = 60 * 1000;
/** GitHub's default artifact retention. https://docs.github.com/actions/reference/workflows-and-actions/workflow-artifacts */
const DEFAULT_RETENTION_DAYS = 90;

export interface ArtifactServiceDeps {
  host: SimulatorHost;
  artifacts: ArtifactStore;
  runs: RunStore;
  runtimeTokens: RuntimeTokens;
  blobUrls: SignedUrls;
}

type TwirpCode =
  'unauthenticated' | 'permission_denied' | 'not_found' | 'already_exists' | 'invalid_argument';
const TWIRP_STATUS: Record<TwirpCode, number> = {
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  invalid_argument: 400,
};

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

interface ArtifactRequestBody {
  workflow_run_backend_id?: string;
  workflow_job_run_backend_id?: string;
  name?: string;
  size?: string;
  hash?: string;
  expires_at?: string;
  name_filter?: string;
  id_filter?: string;
}

const nowSeconds = (host: SimulatorHost) => Math.floor(host.now().getTime() / 1000);

function authorize(deps: ArtifactServiceDeps, req: SimRequest, body: ArtifactRequestBody): RuntimeScope {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer (.+)$/i.exec(header)?.[1];
  const scope = token ? deps.runtimeTokens.verify(token, nowSeconds(deps.host)) : null;
  if (!scope) throw new TwirpError('unauthenticated', 'Missing, invalid or expired ACTIONS_RUNTIME_TOKEN');
  if (
    body.workflow_run_backend_id !== scope.runBackendId ||
    body.workflow_job_run_backend_id !== scope.jobBackendId
  ) {
    throw new TwirpError(
      'permission_denied',
      'The runtime token does not grant access to this workflow run and job',
    );
  }
  return scope;
}

function requireName(body: ArtifactRequestBody): string {
  if (!body.name) throw new TwirpError('invalid_argument', 'name is required');
  return body.name;
}

function createArtifact(deps: ArtifactServiceDeps, scope: RuntimeScope, body: ArtifactRequestBody): unknown {
  const name = requireName(body);
  const run = deps.runs.byBackendId(scope.runBackendId);
  if (!run || run.status === 'completed')
    throw new TwirpError('not_found', 'The workflow run is not in progress');
  const existing = deps.artifacts.findByName(scope.runBackendId, name);
  if (existing?.finalized) {
    throw new TwirpError(
      'already_exists',
      `An artifact with the name ${name} already exists on this workflow run`,
    );
  }
  const now = deps.host.now();
  const expiresAt =
    body.expires_at ?? new Date(now.getTime() + DEFAULT_RETENTION_DAYS * 86_400_000).toISOString();
  const artifact: ArtifactRecord = existing ?? {
    id: deps.host.nextId(),
    name,
    repo: run.repo,
    runId: run.id,
    runBackendId: scope.runBackendId,
    jobBackendId: scope.jobBackendId,
    stagedBlocks: new Map(),
    content: null,
    finalized: false,
    size: 0,
    digest: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt,
  };
  deps.artifacts.add(artifact);
  const uploadUrl = deps.blobUrls.sign(
    artifactBlobPath(artifact.id),
    'w',
    new Date(now.getTime() + UPLOAD_URL_LIFETIME_MS),
  );
  return { ok: true, signed_upload_url: uploadUrl };
}

function finalizeArtifact(
  deps: ArtifactServiceDeps,
  scope: RuntimeScope,
  body: ArtifactRequestBody,
): unknown {
  const name = requireName(body);
  const artifact = deps.artifacts.findByName(scope.runBackendId, name);
  if (!artifact) throw new TwirpError('not_found', `No artifact named ${name} was created in this run`);
  if (!artifact.content) throw new TwirpError('invalid_argument', `Artifact ${name} has no uploaded content`);
  const declaredSize = Number(body.size ?? artifact.content.length);
  if (declaredSize !== artifact.content.length) {
    throw new TwirpError(
      'invalid_argument',
      `Artifact ${name}: size ${declaredSize} does not match the ${artifact.content.length} bytes uploaded`,
    );
  }
  const digest = `sha256:${createHash('sha256').update(artifact.content).digest('hex')}`;
  if (body.hash && body.hash !== digest) {
    throw new TwirpError(
      'invalid_argument',
      `Artifact ${name}: hash ${body.hash} does not match the uploaded content (${digest})`,
    );
  }
  artifact.finalized = true;
  artifact.size = artifact.content.length;
  artifact.digest = digest;
  artifact.updatedAt = deps.host.now().toISOString();
  return { ok: true, artifact_id: String(artifact.id) };
}

function listArtifacts(deps: ArtifactServiceDeps, scope: RuntimeScope, body: ArtifactRequestBody): unknown {
  const run = deps.runs.byBackendId(scope.runBackendId);
  if (!run) return { artifacts: [] };
  const artifacts = deps.artifacts
    .list({ repo: run.repo, runBackendId: scope.runBackendId, name: body.name_filter })
    .filter((a) => body.id_filter === undefined || String(a.id) === body.id_filter);
  return {
    artifacts: artifacts.map((a) => ({
      workflow_run_backend_id: a.runBackendId,
      workflow_job_run_backend_id: a.jobBackendId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size),
      created_at: a.createdAt,
      ...(a.digest ? { digest: a.digest } : {}),
    })),
  };
}

function finalizedByName(
  deps: ArtifactServiceDeps,
  scope: RuntimeScope,
  body: ArtifactRequestBody,
): ArtifactRecord {
  const name = requireName(body);
  const artifact = deps.artifacts.findByName(scope.runBackendId, name);
  if (!artifact?.finalized)
    throw new TwirpError('not_found', `No artifact named ${name} in this workflow run`);
  return artifact;
}

function signedArtifactUrl(
  deps: ArtifactServiceDeps,
  scope: RuntimeScope,
  body: ArtifactRequestBody,
): unknown {
  const artifact = finalizedByName(deps, scope, body);
  const expiresAt = new Date(deps.host.now().getTime() + DOWNLOAD_URL_LIFETIME_MS);
  return { signed_url: deps.blobUrls.sign(artifactBlobPath(artifact.id), 'r', expiresAt) };
}

function deleteArtifact(deps: ArtifactServiceDeps, scope: RuntimeScope, body: ArtifactRequestBody): unknown {
  const artifact = finalizedByName(deps, scope, body);
  artifact.finalized = false;
  artifact.content = null;
  return { ok: true, artifact_id: String(artifact.id) };
}

const RPCS: Record<
  string,
  (deps: ArtifactServiceDeps, scope: RuntimeScope, body: ArtifactRequestBody) => unknown
> = {
  CreateArtifact: createArtifact,
  FinalizeArtifact: finalizeArtifact,
  ListArtifacts: listArtifacts,
  GetSignedArtifactURL: signedArtifactUrl,
  DeleteArtifact: deleteArtifact,
};

function twirpHandler(deps: ArtifactServiceDeps) {
  return (req: SimRequest): SimResponse => {
    const rpc = RPCS[req.params.method ?? ''];
    if (!rpc) return { status: 404, body: { code: 'bad_route', msg: `no handler for ${req.path}` } };
    const body = (req.body ?? {}) as ArtifactRequestBody;
    try {
      return { status: 200, body: rpc(deps, authorize(deps, req, body), body) };
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      return { status: TWIRP_STATUS[error.code], body: { code: error.code, msg: error.message } };
    }
  };
}

const azureError = (status: number, code: string, message: string): SimResponse => ({
  status,
  raw: Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  ),
  headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
});

/** Block ids listed in a Put Block List body (`<BlockList><Latest>id</Latest>…`). */
function blockListIds(xml: string): string[] {
  return [...xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');
}

function putBlob(deps: ArtifactServiceDeps) {
  return (req: SimRequest): SimResponse => {
    const artifact = deps.artifacts.get(Number(req.params.artifact_id));
    if (!artifact || !deps.blobUrls.allows(artifactBlobPath(artifact.id), 'w', req.query, deps.host.now())) {
      return azureError(403, 'AuthenticationFailed', 'Signature did not match or expired');
    }
    if (artifact.finalized) return azureError(409, 'BlobImmutable', 'The artifact is finalized');
    const created = {
      status: 201,
      headers: { etag: `"${artifact.id}-${Date.now()}"`, 'x-ms-request-server-encrypted': 'false' },
    };
    const comp = req.query.get('comp');
    if (comp === 'block') {
      const blockId = req.query.get('blockid');
      if (!blockId) return azureError(400, 'InvalidQueryParameterValue', 'blockid is required');
      artifact.stagedBlocks.set(blockId, req.rawBody);
      return created;
    }
    if (comp === 'blocklist') {
      const ids = blockListIds(req.rawBody.toString('utf8'));
      const missing = ids.filter((id) => !artifact.stagedBlocks.has(id));
      if (missing.length > 0)
        return azureError(400, 'InvalidBlockList', `Unknown block ids: ${missing.join(', ')}`);
      artifact.content = Buffer.concat(ids.map((id) => artifact.stagedBlocks.get(id)!));
      artifact.stagedBlocks.clear();
      return created;
    }
    if (comp !== null) return azureError(400, 'InvalidQueryParameterValue', `Unsupported comp=${comp}`);
    artifact.content = req.rawBody;
    return created;
  };
}

function getBlob(deps: ArtifactServiceDeps) {
  return (req: SimRequest): SimResponse => {
    const artifact = deps.artifacts.get(Number(req.params.artifact_id));
    if (!artifact || !deps.blobUrls.allows(artifactBlobPath(artifact.id), 'r', req.query, deps.host.now())) {
      return azureError(403, 'AuthenticationFailed', 'Signature did not match or expired');
    }
    if (!artifact.finalized || !artifact.content)
      return azureError(404, 'BlobNotFound', 'The artifact does not exist');
    return {
      status: 200,
      raw: artifact.content,
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename=${artifact.name}.zip`,
      },
    };
  };
}

export function installArtifactService(deps: ArtifactServiceDeps): void {
  deps.host.route('POST', `${TWIRP_PREFIX}/{method}`, twirpHandler(deps), { unauthenticated: true });
  deps.host.route('PUT', `${BLOB_ROUTE_PREFIX}/{artifact_id}`, putBlob(deps), { unauthenticated: true });
  deps.host.route('GET', `${BLOB_ROUTE_PREFIX}/{artifact_id}`, getBlob(deps), { unauthenticated: true });
}
