/** A user as GitHub's `simple-user` (and the extra fields of `public-user`). */
import type { UserRecord } from '../state/types.js';
import { loginPath, type SimUrls } from './urls.js';

export function presentSimpleUser(urls: SimUrls, user: UserRecord): Record<string, unknown> {
  const api = `${urls.api}/users/${loginPath(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: user.nodeId,
    avatar_url: `${urls.web}/avatars/u/${user.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${loginPath(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function presentPublicUser(urls: SimUrls, user: UserRecord): Record<string, unknown> {
  return {
    ...presentSimpleUser(urls, user),
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: user.createdAt,
    updated_at: user.createdAt,
  };
}
