-- A programme's PIN threshold (point_programmes.redeem_pin_above, 0017) counts the day, not one
-- redemption (issue 26): a redemption needs the holder's PIN when this holder's redemptions in this
-- programme today (the ledger's day, Japan's calendar day) and this one together come to more than
-- the threshold; a redemption later cancelled no longer counts. Otherwise a terminal that once saw
-- a card could take the whole balance in pieces each at or below it.
--
-- The holder's account is locked until the transaction ends (as point_redeem locks it), so the
-- platform decides, checks the PIN proof and applies the redemption in one transaction, and two
-- redemptions of one holder at once are decided one after the other: the second sees the first.
-- Today's movements are always there: compaction keeps a person's movements 90 days (0011).
-- VOLATILE: each statement takes its own snapshot, so the sum after the lock sees what committed
-- while waiting for it.
CREATE FUNCTION point_redeem_needs_pin(
  p_programme text, p_my_key_id text, p_points bigint, p_today date
) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_above integer;
  v_account bigint;
  v_today bigint;
BEGIN
  SELECT redeem_pin_above INTO v_above FROM point_programmes WHERE code = p_programme;
  IF v_above IS NULL THEN RETURN false; END IF;
  SELECT id INTO v_account FROM point_accounts
  WHERE programme_code = p_programme AND kind = 'holder' AND my_key_id = p_my_key_id FOR UPDATE;
  -- No account: nothing to spend (the ledger refuses it); the redemption alone decides.
  IF NOT FOUND THEN RETURN p_points > v_above; END IF;
  SELECT coalesce(sum(-e.amount), 0) INTO v_today
  FROM point_entries e JOIN point_movements m ON m.id = e.movement_id
  WHERE e.account_id = v_account AND m.kind = 'redeem' AND m.occurred_on = p_today
    AND NOT EXISTS (SELECT 1 FROM point_movements c WHERE c.reverses = m.id);
  RETURN v_today + p_points > v_above;
END $$;
