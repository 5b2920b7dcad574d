/**
 * Who "we" are on GitHub. A marker is trusted only in a comment our app wrote: checked by the
 * app id GitHub stamps on it (`performed_via_github_app.id`) or by our bot's exact login, never
 * by a `[bot]` name pattern (a look-alike app could match a pattern).
 */
export interface AppIdentity {
  appId: number;
  /** `<app-slug>[bot]`, exactly as GitHub spells it, when known. */
  botLogin: string | null;
}

export interface AuthoredObject {
  user?: { login?: string | null; id?: number; type?: string } | null;
  performed_via_github_app?: { id?: number | null } | null;
}

export function isOurs(identity: AppIdentity, object: AuthoredObject): boolean {
  if (object.performed_via_github_app?.id === identity.appId) return true;
  return identity.botLogin !== null && object.user?.login === identity.botLogin;
}

/** The login of the person or bot who sent an event, and whether it is a bot account. */
export function isBotAccount(user: { type?: string; login?: string } | null | undefined): boolean {
  return user?.type === 'Bot';
}
