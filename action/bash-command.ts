/**
 * How the action runs a shell command (agent-command, verify): as GitHub's own `run:` steps do,
 * `bash --noprofile --norc -eo pipefail`. Without --norc, bash sources ~/.bashrc when its stdin
 * is a socket (it takes that for rshd), and Node's pipes are sockets.
 */
export function bashCommand(script: string, positional: string[] = []): { command: string; args: string[] } {
  // $0 names the script in bash's messages; positional parameters follow it.
  return {
    command: 'bash',
    args: ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script, 'drover', ...positional],
  };
}
