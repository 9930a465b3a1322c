import type { LinkOutcome, RegisterLinkRequest } from '../../core/api/links';
import { fail, ok, type Result } from '../../core/result';
import type { Queryable } from '../store/database';

/** The services a terminal may touch: those of its own provider. */
export interface ServiceScope {
  serviceCodes: ReadonlySet<string>;
}

/**
 * サービスID登録. A link that already exists with the same service ID is success
 * (`already_registered`), so a retried registration is harmless.
 */
export async function registerLink(
  db: Queryable,
  scope: ServiceScope,
  link: RegisterLinkRequest,
): Promise<Result<LinkOutcome>> {
  if (!scope.serviceCodes.has(link.serviceCode)) return fail('SERVICE_NOT_ALLOWED');
  const params = [link.myKeyId, link.serviceCode, link.serviceId];
  // No unique violation is ever raised: a violation would put the IDs into the database's log.
  const inserted = await db.query(
    `INSERT INTO links (my_key_id, service_code, service_id)
     SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = $1)
     ON CONFLICT DO NOTHING RETURNING 1`,
    params,
  );
  if (inserted.length === 1) return ok('registered');
  const [state] = await db.query<{ registered: boolean; mine: string | null; taken: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = $1) AS registered,
       (SELECT service_id FROM links WHERE my_key_id = $1 AND service_code = $2) AS mine,
       EXISTS (SELECT 1 FROM links WHERE service_code = $2 AND service_id = $3) AS taken`,
    params,
  );
  if (state === undefined || !state.registered) return fail('MYKEY_NOT_REGISTERED');
  if (state.mine === link.serviceId) return ok('already_registered');
  if (state.mine !== null) return fail('ALREADY_LINKED');
  if (state.taken) return fail('SERVICE_ID_TAKEN');
  // The conflicting row went away between the two statements (a concurrent removal): try again.
  return registerLink(db, scope, link);
}
