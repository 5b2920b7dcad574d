/**
 * Git refuses to commit without a name and email; a fresh machine has neither. Every git call
 * the demo makes (and every job the local runner starts) gets this identity in its environment.
 */
export const DEMO_GIT_IDENTITY: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Drover Demo',
  GIT_AUTHOR_EMAIL: 'demo@drover.invalid',
  GIT_COMMITTER_NAME: 'Drover Demo',
  GIT_COMMITTER_EMAIL: 'demo@drover.invalid',
  // Ignore the user's ~/.gitconfig and /etc/gitconfig: the demo must behave the same everywhere.
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
