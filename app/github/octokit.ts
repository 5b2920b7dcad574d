/**
 * The Octokit the app's GitHub code takes: the core client every flavour extends (Probot's
 * `context.octokit`, `@octokit/rest` in the CLI). Only `request` and `graphql` are used, so
 * any of them fits.
 */
export type { Octokit } from '@octokit/core';
