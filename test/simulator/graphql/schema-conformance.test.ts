/**
 * The resolvers are plain getters and methods named after schema fields; a misspelt name would
 * never be called and the field would quietly read as null. These tests hold every root
 * resolver and every getter to a field GitHub's schema really has.
 */
import { describe, expect, it } from '@jest/globals';
import { isObjectType, type GraphQLObjectType } from 'graphql';
import { githubSchema } from '../../../simulator/graphql/github-schema.js';
import { mutationRoot } from '../../../simulator/graphql/mutation-root.js';
import { ActorObject } from '../../../simulator/graphql/objects/actor.js';
import { IssueObject } from '../../../simulator/graphql/objects/issue.js';
import { LabelObject } from '../../../simulator/graphql/objects/label.js';
import {
  ProjectV2FieldObject,
  ProjectV2ItemObject,
  ProjectV2Object,
} from '../../../simulator/graphql/objects/project-v2.js';
import { PullRequestObject } from '../../../simulator/graphql/objects/pull-request.js';
import { RepositoryObject } from '../../../simulator/graphql/objects/repository.js';
import { queryRoot } from '../../../simulator/graphql/query-root.js';

function objectType(name: string): GraphQLObjectType {
  const type = githubSchema().getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type of GitHub's schema`);
  return type;
}

function unknownFields(typeName: string, names: readonly string[]): string[] {
  const fields = objectType(typeName).getFields();
  return names.filter((name) => name !== '__typename' && !(name in fields));
}

/** The getters a class defines (each one answers the schema field of the same name). */
function getterNames(prototype: object): string[] {
  return Object.entries(Object.getOwnPropertyDescriptors(prototype))
    .filter(([, descriptor]) => descriptor.get !== undefined)
    .map(([name]) => name);
}

describe("resolvers name fields of GitHub's schema", () => {
  it('roots', () => {
    expect(unknownFields('Query', Object.keys(queryRoot))).toEqual([]);
    expect(unknownFields('Mutation', Object.keys(mutationRoot))).toEqual([]);
  });

  it.each([
    ['Issue', IssueObject],
    ['PullRequest', PullRequestObject],
    ['Repository', RepositoryObject],
    ['Label', LabelObject],
    ['User', ActorObject],
    ['ProjectV2', ProjectV2Object],
    ['ProjectV2SingleSelectField', ProjectV2FieldObject],
    ['ProjectV2Item', ProjectV2ItemObject],
  ])('%s getters', (typeName, objectClass) => {
    expect(unknownFields(typeName, getterNames(objectClass.prototype))).toEqual([]);
  });
});
