/** `User`, `Bot` and `Organization` objects (the `Actor` / `RepositoryOwner` interfaces). */
import type { ProjectRecord, UserRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { ProjectV2Object } from './project-v2.js';
import { accountUrl } from './urls.js';

export class ActorObject {
  constructor(
    private readonly record: UserRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get __typename(): UserRecord['type'] {
    return this.record.type;
  }
  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  /** GitHub's GraphQL names a bot without the `[bot]` suffix its REST login carries. */
  get login(): string {
    return this.record.type === 'Bot' ? this.record.login.replace(/\[bot\]$/, '') : this.record.login;
  }
  get name(): string | null {
    return this.record.name;
  }
  get email(): string {
    return this.record.email ?? '';
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get url(): string {
    return accountUrl(this.ctx, this.login);
  }
  get resourcePath(): string {
    return `/${this.login}`;
  }

  projectV2(args: { number: number }): ProjectV2Object | null {
    const project = this.ownProjects().find((candidate) => candidate.number === args.number);
    return project ? new ProjectV2Object(project, this.ctx) : null;
  }

  projectsV2(args: ConnectionArgs): Connection<ProjectV2Object> {
    return connectionOf(
      this.ownProjects(),
      args,
      (project) => project.id,
      (project) => new ProjectV2Object(project, this.ctx),
    );
  }

  private ownProjects(): ProjectRecord[] {
    const login = this.record.login.toLowerCase();
    return this.ctx.store.projects().filter((project) => project.owner.toLowerCase() === login);
  }
}

/** The actor for a login, or null when the simulator does not know it (GitHub's "ghost"). */
export function actorByLogin(ctx: GraphqlContext, login: string | null): ActorObject | null {
  if (!login) return null;
  const record = ctx.store.user(login);
  return record ? new ActorObject(record, ctx) : null;
}
