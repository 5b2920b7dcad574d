/**
 * The lengths GitHub accepts for what an import creates, so `import-jsonl --check` refuses a
 * line GitHub would refuse half-way through an import. GitHub counts characters (Unicode code
 * points), not UTF-16 units or bytes.
 *
 * - Label description: "Must be 100 characters or fewer" (the `description` field of
 *   https://docs.github.com/rest/issues/labels#create-a-label, in @octokit/openapi).
 * - Label name: 50. Not in the REST docs; GitHub answers 422 "name is too long (maximum is 50
 *   characters)" above it.
 * - Issue title: 256. Not in the REST docs (https://docs.github.com/rest/issues/issues#create-an-issue
 *   gives no limit); GitHub answers 422 "title is too long (maximum is 256 characters)".
 * - Issue body: 65,536. Not in the REST docs either; GitHub answers 422 "body is too long
 *   (maximum is 65536 characters)".
 * The undocumented three are collected, with how each was found, at
 * https://github.com/dead-claudia/github-limits.
 */
export const LABEL_NAME_MAX = 50;
export const LABEL_DESCRIPTION_MAX = 100;
export const ISSUE_TITLE_MAX = 256;
export const ISSUE_BODY_MAX = 65_536;

/** Length as GitHub counts it: code points, so an emoji is one character, not two. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
