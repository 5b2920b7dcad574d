import { describe, expect, test } from '@jest/globals';
import { CliError } from '../../cli/cli-error.js';
import { parseRemoteUrl, parseRepoFullName } from '../../cli/repo-ref.js';

describe('repository reference', () => {
  test.each([
    ['https://github.com/octo/hello.git', 'octo', 'hello'],
    ['git@github.com:octo/hello.git', 'octo', 'hello'],
    ['ssh://git@ghes.example.com:2222/team/app', 'team', 'app'],
    ['https://x-access-token:abc@github.com/octo/hello', 'octo', 'hello'],
  ])('reads %s', (url, owner, repo) => {
    expect(parseRemoteUrl(url)).toEqual({ owner, repo });
  });

  test('a remote that names no repository gives null', () => {
    expect(parseRemoteUrl('/srv/git/just-a-dir')).toBeNull();
  });

  test('--repo must be owner/name', () => {
    expect(parseRepoFullName('octo/hello')).toEqual({ owner: 'octo', repo: 'hello' });
    expect(() => parseRepoFullName('octo')).toThrow(CliError);
    expect(() => parseRepoFullName('a/b/c')).toThrow('is not of the form owner/name');
  });
});
