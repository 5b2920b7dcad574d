/**
 * Projects (v2): the project, its fields (single-select options), its items and their field
 * values, as `updateProjectV2ItemFieldValue` sets them and `fieldValueByName` reads them.
 */
import type { ProjectFieldRecord, ProjectItemRecord, ProjectRecord } from '../../state/types.js';
import { connectionOf, type Connection, type ConnectionArgs } from '../connection.js';
import type { GraphqlContext } from '../context.js';
import { actorByLogin, type ActorObject } from './actor.js';
import { nodeObject } from './node-object.js';

export class ProjectV2Object {
  readonly __typename = 'ProjectV2';

  constructor(
    readonly record: ProjectRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get fullDatabaseId(): string {
    return String(this.record.id);
  }
  get number(): number {
    return this.record.number;
  }
  get title(): string {
    return this.record.title;
  }
  get closed(): boolean {
    return false;
  }
  get closedAt(): null {
    return null;
  }
  get public(): boolean {
    return false;
  }
  get template(): boolean {
    return false;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get owner(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.owner);
  }
  get resourcePath(): string {
    const user = this.ctx.store.user(this.record.owner);
    const scope = user?.type === 'Organization' ? 'orgs' : 'users';
    return `/${scope}/${this.record.owner}/projects/${this.record.number}`;
  }
  get url(): string {
    return `${this.ctx.store.webUrl}${this.resourcePath}`;
  }

  /** GitHub matches the field name exactly (case-sensitive). */
  field(args: { name: string }): ProjectV2FieldObject | null {
    const field = this.record.fields.find((candidate) => candidate.name === args.name);
    return field ? new ProjectV2FieldObject(field, this.record, this.ctx) : null;
  }

  fields(args: ConnectionArgs): Connection<ProjectV2FieldObject> {
    return connectionOf(
      this.record.fields,
      args,
      (field) => field.id,
      (field) => new ProjectV2FieldObject(field, this.record, this.ctx),
    );
  }

  items(args: ConnectionArgs): Connection<ProjectV2ItemObject> {
    return connectionOf(
      this.record.items,
      args,
      (item) => item.id,
      (item) => new ProjectV2ItemObject(item, this.record, this.ctx),
    );
  }
}

export class ProjectV2FieldObject {
  constructor(
    readonly record: ProjectFieldRecord,
    private readonly projectRecord: ProjectRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get __typename(): 'ProjectV2SingleSelectField' | 'ProjectV2Field' {
    return this.record.dataType === 'SINGLE_SELECT' ? 'ProjectV2SingleSelectField' : 'ProjectV2Field';
  }
  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get name(): string {
    return this.record.name;
  }
  get dataType(): string {
    return this.record.dataType;
  }
  get createdAt(): string {
    return this.projectRecord.createdAt;
  }
  get updatedAt(): string {
    return this.projectRecord.updatedAt;
  }
  get project(): ProjectV2Object {
    return new ProjectV2Object(this.projectRecord, this.ctx);
  }

  options(args: { names?: string[] | null }): object[] {
    return this.record.options
      .filter((option) => !args.names || args.names.includes(option.name))
      .map((option) => ({
        id: option.id,
        name: option.name,
        nameHTML: option.name,
        color: option.color.toUpperCase(),
        description: option.description,
        descriptionHTML: option.description,
      }));
  }
}

export class ProjectV2ItemObject {
  readonly __typename = 'ProjectV2Item';

  constructor(
    readonly record: ProjectItemRecord,
    private readonly projectRecord: ProjectRecord,
    private readonly ctx: GraphqlContext,
  ) {}

  get id(): string {
    return this.record.nodeId;
  }
  get databaseId(): number {
    return this.record.id;
  }
  get fullDatabaseId(): string {
    return String(this.record.id);
  }
  get type(): 'ISSUE' | 'PULL_REQUEST' {
    return this.record.contentType === 'Issue' ? 'ISSUE' : 'PULL_REQUEST';
  }
  get isArchived(): boolean {
    return this.record.archivedAt !== null;
  }
  get createdAt(): string {
    return this.record.createdAt;
  }
  get updatedAt(): string {
    return this.record.updatedAt;
  }
  get creator(): ActorObject | null {
    return actorByLogin(this.ctx, this.record.creator);
  }
  get project(): ProjectV2Object {
    return new ProjectV2Object(this.projectRecord, this.ctx);
  }
  get content(): object | null {
    return nodeObject(this.ctx, this.record.contentNodeId);
  }

  fieldValueByName(args: { name: string }): object | null {
    const field = this.projectRecord.fields.find((candidate) => candidate.name === args.name);
    return field ? this.fieldValue(field) : null;
  }

  fieldValues(args: ConnectionArgs): Connection<object> {
    const fields = this.projectRecord.fields.filter((field) => this.fieldValue(field) !== null);
    return connectionOf(
      fields,
      args,
      (field) => field.id,
      (field) => this.fieldValue(field) as object,
    );
  }

  /** The item's value for a field, in the GraphQL type GitHub uses for that field's kind. */
  private fieldValue(field: ProjectFieldRecord): object | null {
    const common = {
      id: `PVTFSV_${Buffer.from(`${this.record.id}:${field.id}`).toString('base64url')}`,
      createdAt: this.record.createdAt,
      updatedAt: this.record.updatedAt,
      creator: this.creator,
      item: this,
      field: new ProjectV2FieldObject(field, this.projectRecord, this.ctx),
    };
    if (field.dataType === 'TITLE') {
      const content = this.content as { title?: string } | null;
      return { __typename: 'ProjectV2ItemFieldTextValue', ...common, text: content?.title ?? '' };
    }
    const value = this.record.values.get(field.nodeId);
    if (value === undefined) return null;
    if (field.dataType === 'TEXT')
      return { __typename: 'ProjectV2ItemFieldTextValue', ...common, text: value };
    const option = field.options.find((candidate) => candidate.id === value);
    if (!option) return null;
    return {
      __typename: 'ProjectV2ItemFieldSingleSelectValue',
      ...common,
      optionId: option.id,
      name: option.name,
      nameHTML: option.name,
      color: option.color.toUpperCase(),
      description: option.description,
      descriptionHTML: option.description,
    };
  }
}

/** `projectItems` of an issue or pull request: its items in every project (archived ones too by default). */
export function projectItemsOf(
  ctx: GraphqlContext,
  contentNodeId: string,
  args: ConnectionArgs & { includeArchived?: boolean | null },
): Connection<ProjectV2ItemObject> {
  const items = ctx.store
    .projects()
    .flatMap((project) => project.items.map((item) => ({ item, project })))
    .filter(({ item }) => item.contentNodeId === contentNodeId)
    .filter(({ item }) => args.includeArchived !== false || item.archivedAt === null);
  return connectionOf(
    items,
    args,
    ({ item }) => item.id,
    ({ item, project }) => new ProjectV2ItemObject(item, project, ctx),
  );
}
