/**
 * The route table: OpenAPI-style templates (`/repos/{owner}/{repo}/git/refs/{ref}`) compiled to
 * regular expressions. Parameters that GitHub lets contain slashes (`ref`, `path`, `branch`,
 * `basehead`) match greedily; the rest match one segment. Routes without greedy parameters are
 * tried first so `/commits/{ref}/status` wins over `/commits/{ref}`.
 */
import type { RouteOptions, SimHandler } from '../host.js';
import type { RepoRole } from '../state/types.js';

export interface SimRouteOptions extends RouteOptions {
  /** Only an app JWT may call it (e.g. `POST /app/installations/{id}/access_tokens`). */
  appJwt?: boolean;
  /** For user tokens: the repository role needed (default from `needs`). */
  userRole?: RepoRole;
}

export interface Route {
  method: string;
  template: string;
  handler: SimHandler;
  options: SimRouteOptions;
  pattern: RegExp;
  params: string[];
  greedy: boolean;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const GREEDY = new Set(['ref', 'path', 'branch', 'basehead']);

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: SimHandler, options: SimRouteOptions = {}): void {
    const upper = method.toUpperCase();
    if (this.routes.some((r) => r.method === upper && r.template === template)) {
      throw new Error(`Route ${upper} ${template} is already registered`);
    }
    const params: string[] = [];
    let greedy = false;
    const source = template
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        const name = /^\{([a-z_]+)\}$/.exec(part)?.[1];
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(name);
        if (GREEDY.has(name)) greedy = true;
        return GREEDY.has(name) ? '(.+?)' : '([^/]+)';
      })
      .join('');
    this.routes.push({
      method: upper,
      template,
      handler,
      options,
      pattern: new RegExp(`^${source}$`),
      params,
      greedy,
    });
    // A literal segment wins over a parameter (`/issues/comments` before `/issues/{issue_number}`):
    // a path only matches templates of its own length, so fewer parameters means more specific.
    this.routes.sort(
      (a, b) =>
        Number(a.greedy) - Number(b.greedy) ||
        a.params.length - b.params.length ||
        b.template.length - a.template.length,
    );
  }

  /** The matching route and its decoded parameters, or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    const upper = method.toUpperCase();
    for (const route of this.routes) {
      if (route.method !== upper) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(
        route.params.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return { route, params };
    }
    return undefined;
  }

  /** Every registered route (for the spec-conformance test and the docs). */
  list(): Array<{ method: string; template: string; options: SimRouteOptions }> {
    return this.routes.map(({ method, template, options }) => ({ method, template, options }));
  }
}
