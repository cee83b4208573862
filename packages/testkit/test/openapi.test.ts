/**
 * Every endpoint the emulator implements, on success and error paths, with each response
 * validated against GitHub's official OpenAPI description (status, body schema, declared
 * headers) plus the headers GitHub sends on every response.
 *
 * One test file on purpose: the suites share one emulator whose state they build in order
 * (the git data suite makes the branch the contents and pull request suites read), and the
 * coverage test at the end counts every validated call of all of them. The suites live in
 * openapi-*-suite.ts to keep each file short; this file registers them in that order.
 */
import { describe, expect, test } from 'vitest';
import { OPERATIONS, ROUTES } from '../src/index.js';
import { gitDataSuite } from './openapi-git-suite.js';
import { covered, useOpenApiLab, validator } from './openapi-lab.js';
import { pullRequestsSuite } from './openapi-pulls-suite.js';
import { contentsSuite, usersAndRepositoriesSuite } from './openapi-repos-suite.js';

useOpenApiLab();

describe('the OpenAPI description', () => {
  test('is OpenAPI 3.0 and the validator rejects what it must', () => {
    expect(validator.version).toMatch(/^3\.0\./);
    // A required field missing, a nullable field null, a wrong type: the validator is not lax.
    expect(
      validator.checkComponent('label', {
        id: 1,
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
      }),
    ).not.toEqual([]);
    expect(
      validator.checkComponent('label', {
        id: 1,
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
        description: null,
      }),
    ).toEqual([]);
    expect(
      validator.checkComponent('label', {
        id: '1',
        node_id: 'x',
        url: 'https://a.b/c',
        name: 'n',
        color: 'ededed',
        default: false,
        description: null,
      }),
    ).not.toEqual([]);
    expect(
      validator.checkComponent('git-ref', {
        ref: 'refs/heads/x',
        node_id: 'n',
        url: 'not a uri',
        object: { type: 'commit', sha: 'a', url: 'https://a.b' },
      }),
    ).not.toEqual([]);
  });

  test('every route matches an operation of the description (method and path)', () => {
    for (const r of ROUTES) {
      if (r.operation === 'graphql') continue; // GraphQL is not part of the REST description
      const op = validator.operation(r.operation);
      expect(op.method, r.operation).toBe(r.method);
      // Octokit's compareCommitsWithBasehead uses {basehead} for the description's {base}...{head}.
      const path = r.path.replace(/\{(\w+)[+*]\}/g, '{$1}').replace('{basehead}', '{base}...{head}');
      expect(path, r.operation).toBe(op.path);
    }
  });
});

usersAndRepositoriesSuite();
gitDataSuite();
contentsSuite();
pullRequestsSuite();

describe('coverage', () => {
  test('every implemented operation was validated on a success status and on an error status', () => {
    for (const op of OPERATIONS) {
      const statuses = covered.filter((c) => c.op === op).map((c) => c.status);
      expect(
        statuses.some((st) => st >= 200 && st < 300),
        `${op} success`,
      ).toBe(true);
      if (op !== 'rate-limit/get' && op !== 'repos/list-tags' && op !== 'repos/list-forks') {
        expect(
          statuses.some((st) => st >= 400),
          `${op} error`,
        ).toBe(true);
      }
    }
    for (const st of [304, 401, 403, 404, 409, 422])
      expect(
        covered.some((c) => c.status === st),
        String(st),
      ).toBe(true);
  });
});
