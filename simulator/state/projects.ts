/**
 * Projects (v2): a user or organization project with a single-select Status field, items that
 * point at issues or pull requests, and field values. Emits `projects_v2_item` webhooks, which
 * GitHub sends for organization projects only.
 */
import { presentSimpleUser } from '../payloads/user.js';
import { presentOrganization } from './events.js';
import type { SimStore } from './store.js';
import { notFound, SimError } from './sim-error.js';
import type { ProjectFieldRecord, ProjectItemRecord, ProjectRecord } from './types.js';

export interface CreateProjectOptions {
  title?: string;
  /** Options of the Status field, in order. */
  statusOptions?: string[];
}

export type FieldValue = { singleSelectOptionId: string } | { text: string };

const DEFAULT_STATUS_OPTIONS = ['Todo', 'In Progress', 'Done'];

export class ProjectStore {
  private readonly records: ProjectRecord[] = [];

  constructor(private readonly store: SimStore) {}

  /** Test helper: a project owned by `owner` with a Title field and a single-select Status field. */
  create(owner: string, options: CreateProjectOptions = {}): ProjectRecord {
    const account = this.store.users.require(owner);
    const { id, nodeId } = this.store.newIdentity('ProjectV2');
    const now = this.store.now();
    const number = this.records.filter((p) => p.owner === account.login).length + 1;
    const title = this.field('Title', 'TITLE', []);
    const status = this.field('Status', 'SINGLE_SELECT', options.statusOptions ?? DEFAULT_STATUS_OPTIONS);
    const project: ProjectRecord = {
      id,
      nodeId,
      owner: account.login,
      number,
      title: options.title ?? `Project ${number}`,
      fields: [title, status],
      items: [],
      createdAt: now,
      updatedAt: now,
    };
    this.records.push(project);
    return project;
  }

  private field(
    name: string,
    dataType: ProjectFieldRecord['dataType'],
    optionNames: string[],
  ): ProjectFieldRecord {
    const kind = dataType === 'SINGLE_SELECT' ? 'ProjectV2SingleSelectField' : 'ProjectV2Field';
    const { id, nodeId } = this.store.newIdentity(kind);
    const options = optionNames.map((optionName, i) => ({
      id: `${id.toString(16)}${i.toString(16).padStart(4, '0')}`,
      name: optionName,
      color: 'GRAY',
      description: '',
    }));
    return { id, nodeId, name, dataType, options };
  }

  find(owner: string, number: number): ProjectRecord | undefined {
    return this.records.find((p) => p.owner.toLowerCase() === owner.toLowerCase() && p.number === number);
  }

  byNodeId(nodeId: string): ProjectRecord | undefined {
    return this.records.find((p) => p.nodeId === nodeId);
  }

  requireByNodeId(nodeId: string): ProjectRecord {
    const project = this.byNodeId(nodeId);
    if (!project)
      throw new SimError(404, `Could not resolve to a ProjectV2 with the global id of '${nodeId}'`);
    return project;
  }

  all(): ProjectRecord[] {
    return [...this.records];
  }

  /** Adds an issue or pull request (by node id); adding it again returns the existing item. */
  addItem(projectNodeId: string, contentNodeId: string, actor: string): ProjectItemRecord {
    const project = this.requireByNodeId(projectNodeId);
    const existing = project.items.find((i) => i.contentNodeId === contentNodeId);
    if (existing) return existing;
    const ref = this.store.node(contentNodeId);
    if (!ref || (ref.kind !== 'Issue' && ref.kind !== 'PullRequest')) {
      throw new SimError(404, `Could not resolve to a node with the global id of '${contentNodeId}'`);
    }
    const { id, nodeId } = this.store.newIdentity('ProjectV2Item');
    const now = this.store.now();
    const item: ProjectItemRecord = {
      id,
      nodeId,
      projectId: project.id,
      contentNodeId,
      contentType: ref.kind,
      creator: actor,
      values: new Map(),
      createdAt: now,
      updatedAt: now,
      archivedAt: null,
    };
    project.items.push(item);
    this.emit(project, item, 'created', actor);
    return item;
  }

  updateItemField(
    projectNodeId: string,
    itemNodeId: string,
    fieldNodeId: string,
    value: FieldValue,
    actor: string,
  ): ProjectItemRecord {
    const project = this.requireByNodeId(projectNodeId);
    const item = project.items.find((i) => i.nodeId === itemNodeId);
    if (!item)
      throw new SimError(404, `Could not resolve to a ProjectV2Item with the global id of '${itemNodeId}'`);
    const field = project.fields.find((f) => f.nodeId === fieldNodeId);
    if (!field)
      throw new SimError(404, `Could not resolve to a ProjectV2Field with the global id of '${fieldNodeId}'`);
    const raw = this.checkValue(field, value);
    const from = item.values.get(field.nodeId) ?? null;
    item.values.set(field.nodeId, raw);
    item.updatedAt = this.store.now();
    project.updatedAt = item.updatedAt;
    this.emit(project, item, 'edited', actor, {
      changes: {
        field_value: {
          field_node_id: field.nodeId,
          field_type: field.dataType.toLowerCase(),
          field_name: field.name,
          from,
          to: raw,
        },
      },
    });
    return item;
  }

  private checkValue(field: ProjectFieldRecord, value: FieldValue): string {
    if (field.dataType === 'SINGLE_SELECT') {
      if (!('singleSelectOptionId' in value))
        throw new SimError(422, `Field ${field.name} takes a singleSelectOptionId`);
      if (!field.options.some((o) => o.id === value.singleSelectOptionId)) {
        throw new SimError(422, `The single select option Id does not belong to the field`);
      }
      return value.singleSelectOptionId;
    }
    if (!('text' in value)) throw new SimError(422, `Field ${field.name} takes text`);
    return value.text;
  }

  /** The option name of a single-select field on an item (e.g. its Status), or null. */
  optionName(project: ProjectRecord, item: ProjectItemRecord, fieldName: string): string | null {
    const field = project.fields.find((f) => f.name === fieldName);
    const optionId = field ? item.values.get(field.nodeId) : undefined;
    return field?.options.find((o) => o.id === optionId)?.name ?? null;
  }

  requireItem(project: ProjectRecord, itemNodeId: string): ProjectItemRecord {
    const item = project.items.find((i) => i.nodeId === itemNodeId);
    if (!item) throw notFound();
    return item;
  }

  private emit(
    project: ProjectRecord,
    item: ProjectItemRecord,
    action: string,
    actor: string,
    extra = {},
  ): void {
    const owner = this.store.users.require(project.owner);
    if (owner.type !== 'Organization') return;
    this.store.env.emit('projects_v2_item', {
      action,
      ...extra,
      projects_v2_item: {
        id: item.id,
        node_id: item.nodeId,
        project_node_id: project.nodeId,
        content_node_id: item.contentNodeId,
        content_type: item.contentType,
        creator: presentSimpleUser(this.store.urls, this.store.users.require(item.creator)),
        created_at: item.createdAt,
        updated_at: item.updatedAt,
        archived_at: item.archivedAt,
      },
      organization: presentOrganization(this.store, owner.login),
      sender: presentSimpleUser(this.store.urls, this.store.users.require(actor)),
      ...this.installationField(owner.login),
    });
  }

  private installationField(account: string): Record<string, unknown> {
    const installation = this.store.installations.forAccount(account);
    return installation ? { installation: { id: installation.id, node_id: installation.nodeId } } : {};
  }
}
