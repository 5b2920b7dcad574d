/**
 * One second between mutative requests, as GitHub asks ("Best practices for using the REST API":
 * "If you are making a large number of POST, PATCH, PUT, or DELETE requests, wait at least one
 * second between each request"). Only writes are spaced: REST POST/PATCH/PUT/DELETE and GraphQL
 * mutations. A GraphQL query is a read, and spacing it (as @octokit/plugin-throttling does, which
 * puts every GraphQL request in its write queue and notification-creating writes three seconds
 * apart) only slows the loop. At one a second the content-creation limit (80 a minute, "Rate
 * limits for the REST API", secondary rate limits) cannot be reached.
 *
 * Turns are handed out in the order they are asked for, start to start, like the write queue of
 * plugin-throttling; one spacing per installation (GitHub's secondary limits are per installation).
 */
export const GITHUB_WRITE_SPACING_MS = 1000;

export class WriteSpacing {
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Resolves when this write may be sent: at least `intervalMs` after the previous one was. */
  async turn(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }
}
