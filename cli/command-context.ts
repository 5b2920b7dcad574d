/** What every command gets: a GitHub client, the repository, links to it, and where to write. */
import type { GitHubClient } from './github-client.js';
import type { RepoRef } from './repo-ref.js';

export interface Output {
  /** Results (machine-readable when the command says so). Made safe for a terminal. */
  out: (text: string) => void;
  /** Progress, notes and warnings. Made safe for a terminal. */
  err: (text: string) => void;
  /** The stream results go to, for the CLI's own control sequences (clearing the screen). */
  outStream: NodeJS.WriteStream;
  /** The stream progress bars draw on (only when it is a TTY). */
  errStream: NodeJS.WriteStream;
}

export interface CommandContext extends Output {
  client: GitHubClient;
  repo: RepoRef;
  /** The web base URL of the server (https://github.com, https://HOST for GHES, the simulator's URL). */
  webUrl: string;
}
