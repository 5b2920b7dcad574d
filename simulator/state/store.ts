/**
 * The simulator's state: every object GitHub would hold for Drover's purposes, with read and
 * mutate methods that also deliver the webhooks GitHub would send. REST handlers and GraphQL
 * resolvers both work through it, so a change made one way is seen the other way.
 *
 * Domains live in their own classes (`store.issues`, `store.pulls`, …); this root holds what
 * they share: the environment (clock, ids, URLs, webhook sink) and the node-id registry.
 */
import type { SimUrls } from '../payloads/urls.js';
import { ActivityStore } from './activity.js';
import { BranchProtectionStore } from './branch-protection.js';
import { ChecksStore } from './checks.js';
import { CommentStore } from './comments.js';
import { ContentEditStore } from './content-edits.js';
import { DependencyStore } from './dependencies.js';
import { GitDataStore } from './git-data.js';
import { InstallationStore, type AppRecord } from './installations.js';
import { IssueStore } from './issues.js';
import { LabelStore } from './labels.js';
import { ReviewStore } from './reviews.js';
import { makeNodeId, type NodeKind } from './node-ids.js';
import { ProjectStore } from './projects.js';
import { PullStore } from './pulls.js';
import { RepoStore } from './repos.js';
import { StatusStore } from './statuses.js';
import { SubIssueStore } from './sub-issues.js';
import { TimelineStore } from './timeline.js';
import { TokenStore } from './tokens.js';
import { UserStore } from './users.js';

export interface StoreEnv {
  urls: SimUrls;
  now(): Date;
  nextId(): number;
  /** A fresh temp directory removed on close. */
  tempDir(prefix: string): string;
  /** Directory that holds the bare repositories. */
  reposDir: string;
  /** HOME for git commands (empty, so no user config applies). */
  gitHome: string;
  /** Hands a finished payload to the webhook deliverer. */
  emit(event: string, payload: Record<string, unknown>): void;
  app: Omit<AppRecord, 'nodeId' | 'createdAt'>;
  /** How long a pull request's mergeability stays `null` after its head or base moves (default 25 ms). */
  mergeabilityDelayMs?: number;
}

export interface NodeRef {
  kind: NodeKind;
  id: number;
}

export class SimStore {
  readonly users: UserStore;
  readonly repos: RepoStore;
  readonly labels: LabelStore;
  readonly issues: IssueStore;
  readonly subIssues: SubIssueStore;
  readonly dependencies: DependencyStore;
  readonly comments: CommentStore;
  readonly git: GitDataStore;
  readonly activity: ActivityStore;
  readonly pulls: PullStore;
  readonly reviews: ReviewStore;
  readonly statuses: StatusStore;
  readonly checks: ChecksStore;
  readonly protection: BranchProtectionStore;
  readonly timeline: TimelineStore;
  readonly contentEdits: ContentEditStore;
  readonly projects: ProjectStore;
  readonly installations: InstallationStore;
  readonly tokens: TokenStore;
  readonly app: AppRecord;
  private readonly nodes = new Map<string, NodeRef>();

  constructor(readonly env: StoreEnv) {
    this.users = new UserStore(this);
    this.repos = new RepoStore(this);
    this.labels = new LabelStore(this);
    this.issues = new IssueStore(this);
    this.subIssues = new SubIssueStore(this);
    this.dependencies = new DependencyStore(this);
    this.comments = new CommentStore(this);
    this.git = new GitDataStore(this);
    this.activity = new ActivityStore(this);
    this.pulls = new PullStore(this);
    this.reviews = new ReviewStore(this);
    this.statuses = new StatusStore(this);
    this.checks = new ChecksStore(this);
    this.protection = new BranchProtectionStore(this);
    this.timeline = new TimelineStore(this);
    this.contentEdits = new ContentEditStore(this);
    this.projects = new ProjectStore(this);
    this.installations = new InstallationStore(this);
    this.tokens = new TokenStore(this);
    const appOwner = this.users.ensure(env.app.owner, { type: 'User' });
    this.app = {
      ...env.app,
      owner: appOwner.login,
      nodeId: makeNodeId('App', env.app.id),
      createdAt: this.now(),
    };
    this.users.ensure(`${env.app.slug}[bot]`, { type: 'Bot' });
  }

  get urls(): SimUrls {
    return this.env.urls;
  }

  /** The simulator's clock as an ISO string without milliseconds, as GitHub writes times. */
  now(): string {
    return this.env
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** A new numeric id and its registered node id. */
  newIdentity(kind: NodeKind): { id: number; nodeId: string } {
    const id = this.env.nextId();
    const nodeId = makeNodeId(kind, id);
    this.nodes.set(nodeId, { kind, id });
    return { id, nodeId };
  }

  /** The node id of an object whose numeric id was allocated elsewhere (a workflow job's check run). */
  registerIdentity(kind: NodeKind, id: number): string {
    const nodeId = makeNodeId(kind, id);
    this.nodes.set(nodeId, { kind, id });
    return nodeId;
  }

  /** What a GraphQL node id points at (use the matching domain's `byId`). */
  node(nodeId: string): NodeRef | undefined {
    return this.nodes.get(nodeId);
  }

  /** The bot login the app acts as (`<slug>[bot]`). */
  get appBotLogin(): string {
    return `${this.app.slug}[bot]`;
  }
}
