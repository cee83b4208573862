import { ApiError } from '../errors.js';
import type { Ctx, RouteDef } from '../context.js';
import type { PullRecord, RepoMeta } from '../store.js';
import { isPlainObject, nodeId } from '../util.js';

/**
 * The two GraphQL mutations GitHub offers for the draft state of a pull request (REST
 * cannot change it): `markPullRequestReadyForReview` and `convertPullRequestToDraft`, with
 * `pullRequestId` given in `variables` (`input`), inline, or as a `$variable`. Anything else
 * answers a GraphQL error. Not part of the OpenAPI description.
 */
export const graphqlRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/graphql',
    operation: 'graphql',
    docs: 'https://docs.github.com/graphql',
    lock: () => 'graphql',
    handler: async (ctx, req) => {
      const body = isPlainObject(req.body) ? req.body : {};
      const query = typeof body.query === 'string' ? body.query : '';
      const vars = isPlainObject(body.variables) ? body.variables : {};
      const m = /\b(markPullRequestReadyForReview|convertPullRequestToDraft)\s*\(/.exec(query);
      if (!m) {
        return {
          status: 200,
          body: { errors: [{ type: 'UNSUPPORTED', message: 'The emulator supports only the draft-state mutations.' }] },
        };
      }
      const input = isPlainObject(vars.input) ? vars.input : vars;
      let id = typeof input.pullRequestId === 'string' ? input.pullRequestId : undefined;
      const inline = /pullRequestId\s*:\s*(?:"([^"]+)"|\$(\w+))/.exec(query);
      if (!id && inline?.[1]) id = inline[1];
      if (!id && inline?.[2] && typeof vars[inline[2]] === 'string') id = vars[inline[2]] as string;
      const found = id ? findPull(ctx, id) : undefined;
      if (!found) {
        return {
          status: 200,
          body: {
            data: { [m[1]!]: null },
            errors: [
              {
                type: 'NOT_FOUND',
                path: [m[1]!],
                message: `Could not resolve to a node with the global id of '${id ?? ''}'`,
              },
            ],
          },
        };
      }
      const { meta, pr } = found;
      const perms = ctx.store.permissions(req.user.login, meta);
      if (!perms.push && pr.user.toLowerCase() !== req.user.login.toLowerCase()) {
        return {
          status: 200,
          body: {
            data: { [m[1]!]: null },
            errors: [
              {
                type: 'FORBIDDEN',
                path: [m[1]!],
                message: `${req.user.login} does not have permission to update this pull request.`,
              },
            ],
          },
        };
      }
      if (pr.state !== 'open') throw new ApiError(422, 'Pull request is closed');
      pr.draft = m[1] === 'convertPullRequestToDraft';
      pr.updatedAt = ctx.now();
      ctx.store.save(meta);
      return {
        status: 200,
        body: {
          data: {
            [m[1]!]: { pullRequest: { id: nodeId('PullRequest', pr.id), number: pr.number, isDraft: pr.draft } },
          },
        },
      };
    },
  },
];

function findPull(ctx: Ctx, id: string): { meta: RepoMeta; pr: PullRecord } | undefined {
  for (const meta of ctx.store.all()) {
    for (const pr of meta.pulls) if (nodeId('PullRequest', pr.id) === id) return { meta, pr };
  }
  return undefined;
}
