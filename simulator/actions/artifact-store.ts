/** Artifacts as the Results service keeps them: created, uploaded as blocks, then finalized. */
export interface ArtifactRecord {
  id: number;
  name: string;
  /** `owner/name` */
  repo: string;
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  /** Uploaded blocks waiting for the block list (Azure Put Block / Put Block List). */
  stagedBlocks: Map<string, Buffer>;
  content: Buffer | null;
  finalized: boolean;
  size: number;
  digest: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

export class ArtifactStore {
  private readonly artifacts = new Map<number, ArtifactRecord>();

  add(artifact: ArtifactRecord): void {
    this.artifacts.set(artifact.id, artifact);
  }

  get(id: number): ArtifactRecord | undefined {
    return this.artifacts.get(id);
  }

  /** The artifact a job is uploading under a name (names are unique per run). */
  findByName(runBackendId: string, name: string): ArtifactRecord | undefined {
    return [...this.artifacts.values()].find((a) => a.runBackendId === runBackendId && a.name === name);
  }

  /** Finalized artifacts only (GitHub lists an artifact once its upload is finalized), newest first. */
  list(filter: { repo: string; runId?: number; name?: string; runBackendId?: string }): ArtifactRecord[] {
    return [...this.artifacts.values()]
      .filter((a) => a.finalized && a.repo.toLowerCase() === filter.repo.toLowerCase())
      .filter((a) => filter.runId === undefined || a.runId === filter.runId)
      .filter((a) => filter.name === undefined || a.name === filter.name)
      .filter((a) => filter.runBackendId === undefined || a.runBackendId === filter.runBackendId)
      .sort((a, b) => b.id - a.id);
  }
}
