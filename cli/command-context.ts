/** What every command gets: a GitHub client, the repository, and where to write. */
import type { GitHubClient } from './github-client.js';
import type { RepoRef } from './repo-ref.js';

export interface Output {
  /** Results (machine-readable when the command says so). */
  out: (text: string) => void;
  /** Progress, notes and warnings. */
  err: (text: string) => void;
  /** The stream progress bars draw on (only when it is a TTY). */
  errStream: NodeJS.WriteStream;
}

export interface CommandContext extends Output {
  client: GitHubClient;
  repo: RepoRef;
}
