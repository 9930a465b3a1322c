-- Points operations as database functions: an award, a redemption or a cancel from a counter is
-- one call (with its exactly-once record and the balance after), not a dozen round trips from the
-- platform. The rules are those of core/points (award.ts, expiry.ts); the model test
-- (tests/platform/points-model.test.ts) runs random sequences through these functions on PGlite and
-- PostgreSQL and compares them with the TypeScript reference. An operation that is refused returns
-- its error code as data ({"status": "rejected", "code": …}); nothing here raises with a My Key ID
-- in the message, so none can reach the database's log.

-- Room on each page for a holder balance to be rewritten in place (a HOT update): every award and
-- redemption changes one.
ALTER TABLE point_accounts SET (fillfactor = 90);

CREATE FUNCTION point_rejected(code text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('status', 'rejected', 'code', code)
$$;

-- The last day a point awarded on `awarded` can be used: `fiscal-year-end` (31 March; Japan's fiscal
-- year starts on 1 April) or `months:N` (the end of the month N months after the award).
CREATE FUNCTION point_expires_on(rule text, awarded date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  -- Date arithmetic only (no time zone comes in), so the planner inlines it into its callers.
  SELECT CASE
    WHEN rule = 'fiscal-year-end' THEN make_date(
      extract(year FROM awarded)::int + (extract(month FROM awarded) >= 4)::int, 3, 31)
    ELSE (date_trunc('month', awarded::timestamp)
      + make_interval(months => split_part(rule, ':', 2)::int + 1))::date - 1
  END
$$;

-- Writes a movement and its entries; the deferred trigger refuses the commit unless they sum to zero.
CREATE FUNCTION point_post(
  p_programme text, p_kind text, p_provider text, p_on date, p_key text, p_reverses bigint,
  p_accounts bigint[], p_amounts bigint[]
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_movement bigint;
BEGIN
  INSERT INTO point_movements (programme_code, kind, provider_code, occurred_on, operation_key, reverses)
  VALUES (p_programme, p_kind, p_provider, p_on, p_key, p_reverses) RETURNING id INTO v_movement;
  INSERT INTO point_entries (movement_id, account_id, amount)
  SELECT v_movement, e.account, e.amount FROM unnest(p_accounts, p_amounts) AS e (account, amount);
  RETURN v_movement;
END $$;

-- Which of a locked holder account's unexpired lots give `p_wanted` points: soonest expiry first
-- (a redemption), or, taking an award back, its own lot `p_first` first and then the lots that
-- expire last. Gives less than wanted when the account holds too few.
CREATE FUNCTION point_plan_take(p_account bigint, p_wanted bigint, p_today date, p_first bigint)
RETURNS TABLE (lot_id bigint, amount integer) LANGUAGE sql STABLE AS $$
  SELECT l.id, least(l.remaining, p_wanted - l.before)::int FROM (
    SELECT id, remaining, sum(remaining) OVER w - remaining AS before FROM point_lots
    WHERE account_id = p_account AND remaining > 0 AND expires_on >= p_today
    WINDOW w AS (ORDER BY
      CASE WHEN p_first IS NULL THEN expires_on END,
      CASE WHEN p_first IS NULL THEN id END,
      (id = p_first) DESC,
      CASE WHEN p_first IS NOT NULL THEN expires_on END DESC,
      CASE WHEN p_first IS NOT NULL THEN id END DESC)
  ) l WHERE l.before < p_wanted ORDER BY l.before
$$;

-- Lowers the lots by what a movement took, and records it so that a cancel can put it back.
-- (PL/pgSQL, here and below, rather than SQL: its statements' plans are kept for the session.)
CREATE FUNCTION point_use_lots(p_movement bigint, p_lots bigint[], p_amounts integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE point_lots l SET remaining = l.remaining - u.amount
  FROM unnest(p_lots, p_amounts) AS u (lot_id, amount) WHERE l.id = u.lot_id;
  INSERT INTO point_lot_uses (movement_id, lot_id, amount)
  SELECT p_movement, u.lot_id, u.amount FROM unnest(p_lots, p_amounts) AS u (lot_id, amount);
END $$;

-- Takes `p_points` from a locked holder account into another account as one movement with its lot
-- uses; NULL (and nothing written) when the unexpired lots hold too few.
CREATE FUNCTION point_take(
  p_account bigint, p_points bigint, p_today date, p_first bigint, p_to bigint,
  p_programme text, p_kind text, p_provider text, p_key text, p_reverses bigint
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_lots bigint[];
  v_amounts integer[];
  v_taken bigint;
  v_movement bigint;
BEGIN
  SELECT array_agg(t.lot_id), array_agg(t.amount), coalesce(sum(t.amount), 0)
  INTO v_lots, v_amounts, v_taken
  FROM point_plan_take(p_account, p_points, p_today, p_first) t;
  IF v_taken < p_points THEN RETURN NULL; END IF;
  v_movement := point_post(p_programme, p_kind, p_provider, p_today, p_key, p_reverses,
    ARRAY[p_account, p_to], ARRAY[-p_points, p_points]);
  PERFORM point_use_lots(v_movement, v_lots, v_amounts);
  RETURN v_movement;
END $$;

-- A programme's own account of a kind, or a shop's redemption account (opened on first use).
CREATE FUNCTION point_programme_account(p_programme text, p_kind text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT id FROM point_accounts WHERE programme_code = p_programme AND kind = p_kind);
END $$;

CREATE FUNCTION point_shop_account(p_programme text, p_provider text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  SELECT id INTO v_id FROM point_accounts
  WHERE programme_code = p_programme AND kind = 'redemption' AND provider_code = p_provider;
  IF FOUND THEN RETURN v_id; END IF;
  INSERT INTO point_accounts (programme_code, kind, provider_code)
  VALUES (p_programme, 'redemption', p_provider) ON CONFLICT DO NOTHING;
  SELECT id INTO v_id FROM point_accounts
  WHERE programme_code = p_programme AND kind = 'redemption' AND provider_code = p_provider;
  RETURN v_id;
END $$;

-- 付与: a purchase (p_yen) × the programme's rate, or the fixed award p_activity, up to the person's
-- daily cap in the programme; the account is opened on the first award of a registered My Key ID.
CREATE FUNCTION point_award(
  p_programme text, p_provider text, p_my_key_id text, p_yen bigint, p_activity text,
  p_today date, p_key text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_rules record;
  v_requested bigint;
  v_account bigint;
  v_today bigint;
  v_points bigint;
  v_movement bigint;
BEGIN
  SELECT p.code, p.yen_per_point, p.expiry_rule, p.daily_cap, coalesce(pp.may_award, false) AS may,
    i.id AS issue
  INTO v_rules FROM point_programmes p
  JOIN point_accounts i ON i.programme_code = p.code AND i.kind = 'issue'
  LEFT JOIN point_participants pp ON pp.programme_code = p.code AND pp.provider_code = p_provider
  WHERE p.code = p_programme;
  IF NOT FOUND THEN RETURN point_rejected('PROGRAMME_NOT_FOUND'); END IF;
  IF NOT v_rules.may THEN RETURN point_rejected('POINTS_NOT_ALLOWED'); END IF;
  IF p_activity IS NULL THEN
    -- Whole points only: the purchase's yen divided by the rate, rounded down.
    v_requested := CASE WHEN v_rules.yen_per_point <= 0 THEN 0 ELSE p_yen / v_rules.yen_per_point END;
  ELSE
    SELECT f.points INTO v_requested FROM point_fixed_awards f
    WHERE f.programme_code = v_rules.code AND f.code = p_activity;
    IF NOT FOUND THEN RETURN point_rejected('POINTS_ACTIVITY_NOT_FOUND'); END IF;
  END IF;
  IF v_requested < 1 THEN RETURN point_rejected('POINTS_AWARD_ZERO'); END IF;
  SELECT id INTO v_account FROM point_accounts
  WHERE programme_code = v_rules.code AND kind = 'holder' AND my_key_id = p_my_key_id FOR UPDATE;
  IF NOT FOUND THEN
    -- The first award opens the account. ON CONFLICT, not a unique violation: an error would carry
    -- the My Key ID into the log.
    INSERT INTO point_accounts (programme_code, kind, my_key_id)
    SELECT v_rules.code, 'holder', p_my_key_id
    WHERE EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = p_my_key_id)
    ON CONFLICT DO NOTHING;
    SELECT id INTO v_account FROM point_accounts
    WHERE programme_code = v_rules.code AND kind = 'holder' AND my_key_id = p_my_key_id FOR UPDATE;
    IF NOT FOUND THEN RETURN point_rejected('MYKEY_NOT_REGISTERED'); END IF;
  END IF;
  -- Awarded today and not cancelled since.
  SELECT coalesce(sum(e.amount), 0) INTO v_today FROM point_entries e
  JOIN point_movements m ON m.id = e.movement_id
  WHERE e.account_id = v_account AND m.kind = 'award' AND m.occurred_on = p_today
    AND NOT EXISTS (SELECT 1 FROM point_movements c WHERE c.reverses = m.id);
  v_points := least(v_requested, greatest(0, v_rules.daily_cap - v_today));
  IF v_points < 1 THEN RETURN point_rejected('POINTS_DAILY_CAP'); END IF;
  v_movement := point_post(v_rules.code, 'award', p_provider, p_today, p_key, NULL,
    ARRAY[v_rules.issue, v_account], ARRAY[-v_points, v_points]);
  INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
  VALUES (v_account, v_movement, point_expires_on(v_rules.expiry_rule, p_today), v_points, v_points);
  RETURN jsonb_build_object('status', 'applied', 'outcome', 'awarded', 'points', v_points,
    'capped', v_points < v_requested);
END $$;

-- 利用: never more than the unexpired balance; the lots that expire first are spent first.
CREATE FUNCTION point_redeem(
  p_programme text, p_provider text, p_my_key_id text, p_points bigint, p_today date, p_key text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_may boolean;
  v_shop bigint;
  v_account bigint;
BEGIN
  SELECT coalesce(pp.may_redeem, false), s.id INTO v_may, v_shop FROM point_programmes p
  LEFT JOIN point_participants pp ON pp.programme_code = p.code AND pp.provider_code = p_provider
  LEFT JOIN point_accounts s
    ON s.programme_code = p.code AND s.kind = 'redemption' AND s.provider_code = p_provider
  WHERE p.code = p_programme;
  IF NOT FOUND THEN RETURN point_rejected('PROGRAMME_NOT_FOUND'); END IF;
  IF NOT v_may THEN RETURN point_rejected('POINTS_NOT_ALLOWED'); END IF;
  -- Locked until the transaction ends: two redemptions from one account run one after the other.
  SELECT id INTO v_account FROM point_accounts
  WHERE programme_code = p_programme AND kind = 'holder' AND my_key_id = p_my_key_id FOR UPDATE;
  IF NOT FOUND THEN RETURN point_rejected('POINTS_INSUFFICIENT'); END IF;
  IF point_take(v_account, p_points, p_today, NULL,
       coalesce(v_shop, point_shop_account(p_programme, p_provider)),
       p_programme, 'redeem', p_provider, p_key, NULL) IS NULL THEN
    RETURN point_rejected('POINTS_INSUFFICIENT');
  END IF;
  RETURN jsonb_build_object('status', 'applied', 'outcome', 'redeemed', 'points', p_points);
END $$;

-- The award or redemption a key names (the keyed MAC of its terminal and operation id), with the
-- holder whose balance it moved.
CREATE FUNCTION point_movement_of(p_key text)
RETURNS TABLE (id bigint, programme_code text, kind text, provider_code text, occurred_on date,
  holder_account bigint, my_key_id text, points bigint)
LANGUAGE sql STABLE AS $$
  SELECT m.id, m.programme_code, m.kind, m.provider_code, m.occurred_on, a.id, a.my_key_id,
    abs(e.amount)
  FROM point_movements m
  JOIN point_entries e ON e.movement_id = m.id
  JOIN point_accounts a ON a.id = e.account_id AND a.kind = 'holder'
  WHERE m.operation_key = p_key AND m.kind IN ('award', 'redeem')
$$;

-- 取消 of an award or a redemption, within the programme's window: the inverse entries. A cancelled
-- redemption gives back the very lots it took; a cancelled award takes its points back (its own lot
-- first), and is refused if the holder has already spent them.
CREATE FUNCTION point_cancel(p_key text, p_today date) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_found record;
  v_cancel_days integer;
BEGIN
  SELECT * INTO v_found FROM point_movement_of(p_key);
  IF NOT FOUND THEN RETURN point_rejected('POINTS_CANCEL_NOT_FOUND'); END IF;
  -- Lock the holder's account before reading whether it was reversed: two cancels of one movement
  -- then run one after the other, and the second sees the first.
  PERFORM 1 FROM point_accounts WHERE id = v_found.holder_account FOR UPDATE;
  IF EXISTS (SELECT 1 FROM point_movements WHERE reverses = v_found.id) THEN
    RETURN point_rejected('POINTS_ALREADY_CANCELLED');
  END IF;
  SELECT cancel_days INTO v_cancel_days FROM point_programmes WHERE code = v_found.programme_code;
  IF p_today - v_found.occurred_on > v_cancel_days THEN
    RETURN point_rejected('POINTS_CANCEL_TOO_LATE');
  END IF;
  IF v_found.kind = 'award' THEN
    IF point_take(v_found.holder_account, v_found.points, p_today,
         (SELECT l.id FROM point_lots l WHERE l.award_movement_id = v_found.id),
         point_programme_account(v_found.programme_code, 'issue'),
         v_found.programme_code, 'cancel', v_found.provider_code, NULL, v_found.id) IS NULL THEN
      RETURN point_rejected('POINTS_INSUFFICIENT');
    END IF;
  ELSE
    PERFORM point_post(v_found.programme_code, 'cancel', v_found.provider_code, p_today, NULL,
      v_found.id, ARRAY[point_shop_account(v_found.programme_code, v_found.provider_code),
        v_found.holder_account], ARRAY[-v_found.points, v_found.points]);
    UPDATE point_lots l SET remaining = l.remaining + u.amount
    FROM point_lot_uses u WHERE u.movement_id = v_found.id AND l.id = u.lot_id;
  END IF;
  RETURN jsonb_build_object('status', 'applied', 'outcome', 'cancelled', 'points', v_found.points);
END $$;

-- 失効 of one holder account: every lot past its last day goes to the programme's expiry account as
-- one movement. Returns the points expired (0 when there were none).
CREATE FUNCTION point_expire_account(p_account bigint, p_today date) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_programme text;
  v_lots bigint[];
  v_amounts integer[];
  v_sum bigint;
  v_movement bigint;
BEGIN
  SELECT programme_code INTO v_programme FROM point_accounts WHERE id = p_account FOR UPDATE;
  SELECT array_agg(id), array_agg(remaining), coalesce(sum(remaining), 0)
  INTO v_lots, v_amounts, v_sum
  FROM point_lots WHERE account_id = p_account AND remaining > 0 AND expires_on < p_today;
  IF v_sum = 0 THEN RETURN 0; END IF;
  v_movement := point_post(v_programme, 'expire', NULL, p_today, NULL, NULL,
    ARRAY[p_account, point_programme_account(v_programme, 'expiry')], ARRAY[-v_sum, v_sum]);
  PERFORM point_use_lots(v_movement, v_lots, v_amounts);
  RETURN v_sum;
END $$;

-- 残高照会: what a holder can spend on `p_today` in each programme (unexpired lots only, so a point
-- past its day never counts, even before the expiry job has moved it), and the points that expire
-- first with their day.
CREATE FUNCTION point_balances(p_my_key_id text, p_programmes text[], p_today date)
RETURNS TABLE (code text, name text, balance bigint, soonest_on text, soonest_points bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.code, p.name, coalesce(s.balance, 0), s.soonest_on, s.soonest_points
  FROM point_programmes p
  LEFT JOIN point_accounts a ON a.programme_code = p.code AND a.kind = 'holder' AND a.my_key_id = p_my_key_id
  LEFT JOIN LATERAL (
    SELECT sum(l.remaining) AS balance, min(l.expires_on)::text AS soonest_on,
      sum(l.remaining) FILTER (WHERE l.expires_on = (
        SELECT min(expires_on) FROM point_lots
        WHERE account_id = a.id AND remaining > 0 AND expires_on >= p_today)) AS soonest_points
    FROM point_lots l WHERE l.account_id = a.id AND l.remaining > 0 AND l.expires_on >= p_today
  ) s ON true
  WHERE p.code = ANY(p_programmes) ORDER BY p.kind, p.code
$$;

-- One points operation from a terminal, exactly once: its id is locked, an earlier record is
-- returned as it is ({"earlier": {"result", "mac"}}, for the platform to compare the content MAC),
-- otherwise the operation is applied and recorded with its result and MAC ({"result"}). With
-- p_balance_in, the holder's balance after it in that programme, if it is one of them ({"balance"}).
-- p_key is the keyed MAC of (terminal, operation id) for an award or a redemption, and of
-- (terminal, the cancelled operation's id) for a cancel.
CREATE FUNCTION point_operation_once(
  p_terminal text, p_operation uuid, p_content_mac text, p_kind text, p_programme text,
  p_my_key_id text, p_yen bigint, p_activity text, p_points bigint, p_key text, p_provider text,
  p_today date, p_balance_in text[]
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_earlier record;
  v_answer jsonb;
  v_result jsonb;
  v_programme text := p_programme;
  v_my_key_id text := p_my_key_id;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('operation:' || p_terminal || ':' || p_operation::text));
  SELECT result, content_mac INTO v_earlier FROM sync_operations
  WHERE terminal_id = p_terminal AND operation_id = p_operation;
  IF FOUND THEN
    v_answer := jsonb_build_object('earlier',
      jsonb_build_object('result', v_earlier.result, 'mac', v_earlier.content_mac));
  ELSE
    v_result := CASE p_kind
      WHEN 'awardPoints' THEN
        point_award(p_programme, p_provider, p_my_key_id, p_yen, p_activity, p_today, p_key)
      WHEN 'redeemPoints' THEN
        point_redeem(p_programme, p_provider, p_my_key_id, p_points, p_today, p_key)
      WHEN 'cancelPoints' THEN point_cancel(p_key, p_today)
    END;
    IF v_result IS NULL THEN RAISE EXCEPTION 'not a points operation: %', p_kind; END IF;
    INSERT INTO sync_operations (terminal_id, operation_id, result, content_mac)
    VALUES (p_terminal, p_operation, v_result, p_content_mac);
    v_answer := jsonb_build_object('result', v_result);
  END IF;
  IF cardinality(p_balance_in) > 0 THEN
    IF p_kind = 'cancelPoints' THEN
      SELECT m.programme_code, m.my_key_id INTO v_programme, v_my_key_id FROM point_movement_of(p_key) m;
    END IF;
    IF v_programme = ANY(p_balance_in) THEN
      v_answer := v_answer || jsonb_build_object('balance',
        (SELECT to_jsonb(b) FROM point_balances(v_my_key_id, ARRAY[v_programme], p_today) b));
    END IF;
  END IF;
  RETURN v_answer;
END $$;
