import { errorBodySchema } from '../../core/api/common';
import type { JsonApiRoute, RequestOf, ResponseOf } from '../../core/api/routes/route';
import { fail, ok, type Result } from '../../core/result';
import { CommandFailed } from './failures';

/** What a call fills into its route: the path's `:names`, the query, the body. */
export interface CallInput<R extends JsonApiRoute> {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | undefined>>;
  body?: RequestOf<R>;
}

/** The running platform answered something that is not its protocol: said, never passed on. */
export class AnswerUnreadable extends CommandFailed {
  readonly code = 'ANSWER_UNREADABLE';
  constructor(address: string, operationId: string) {
    super(
      `動作中のプラットフォーム (${address}) の応答を読めません (${operationId})。CLI とプラットフォームの版が同じか確かめてください。 / ` +
        `the running platform at ${address} answered ${operationId} with something this CLI cannot read; check that both are the same version. (ANSWER_UNREADABLE)`,
    );
  }
}

/** A route's path with its `:names` filled, each encoded. */
export function pathOf(route: JsonApiRoute, params: Readonly<Record<string, string>> = {}): string {
  return route.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.operationId}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * Calls the running platform's admin API through its route table: the method and path from the
 * route, the body checked against the route's request schema before it is sent, and the answer
 * read with the route's response schema (never cast). A refusal keeps the platform's own code.
 */
export function adminCaller(address: string, adminToken: string, fetchWith: typeof fetch = fetch) {
  return async function call<R extends JsonApiRoute>(
    route: R,
    input: CallInput<R> = {},
  ): Promise<Result<ResponseOf<R>>> {
    const query = new URLSearchParams(
      Object.entries(input.query ?? {}).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, String(v)]],
      ),
    ).toString();
    // A POST with nothing to say still sends `{}`, as the app's client does.
    const body =
      route.request !== null
        ? route.request.parse(input.body)
        : route.method === 'GET'
          ? undefined
          : {};
    let response: Response;
    try {
      response = await fetchWith(
        `${address}${pathOf(route, input.params)}${query ? `?${query}` : ''}`,
        {
          method: route.method,
          headers: {
            authorization: `Bearer ${adminToken}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(10_000),
        },
      );
    } catch (error) {
      throw new CommandFailed(
        `動作中のプラットフォーム (${address}) に接続できません。起動しているか確かめてください。 / ` +
          `cannot reach the running platform at ${address}; check that it is up. (${(error as Error).message})`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      const read = route.response.safeParse(answer);
      if (!read.success) throw new AnswerUnreadable(address, route.operationId);
      return ok(read.data as ResponseOf<R>);
    }
    const refusal = errorBodySchema.safeParse(answer);
    if (!refusal.success) throw new AnswerUnreadable(address, route.operationId);
    return fail(refusal.data.error.code);
  };
}
