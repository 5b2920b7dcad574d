import { describe, expect, test } from '@jest/globals';
import { issueUrl, repositoryUrl, webBaseUrl } from '../../core/web-url.js';

describe('webBaseUrl', () => {
  test.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://api.github.com/', 'https://github.com'],
    ['https://API.GitHub.com', 'https://github.com'],
    ['https://ghes.example.com/api/v3', 'https://ghes.example.com'],
    ['https://ghes.example.com/api/v3/', 'https://ghes.example.com'],
    ['https://ghes.example.com/api/graphql', 'https://ghes.example.com'],
    ['https://ghes.example.com:8443/api/v3', 'https://ghes.example.com:8443'],
    ['https://api.octocorp.ghe.com', 'https://octocorp.ghe.com'],
    ['http://127.0.0.1:4321', 'http://127.0.0.1:4321'],
    ['http://127.0.0.1:4321/api/v3', 'http://127.0.0.1:4321'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    // Only GitHub's own API hosts drop "api.": another host keeps its name.
    ['https://api.example.com/api/v3', 'https://api.example.com'],
  ])('%s → %s', (api, web) => {
    expect(webBaseUrl(api)).toBe(web);
  });

  test('a URL that does not parse is refused, not guessed', () => {
    expect(() => webBaseUrl('127.0.0.1:1234')).toThrow();
  });

  test('repository and issue links', () => {
    const web = webBaseUrl('https://ghes.example.com/api/v3');
    expect(repositoryUrl(web, 'acme/shop')).toBe('https://ghes.example.com/acme/shop');
    expect(issueUrl(web, 'acme/shop', 12)).toBe('https://ghes.example.com/acme/shop/issues/12');
  });
});
