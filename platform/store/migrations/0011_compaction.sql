-- Compaction (整理): per-person ledger entries are kept only while they are needed (the cancel
-- window, and the person's own statement at the kiosk), then folded away. A compacted movement
-- (shop, day, its entries) is deleted whole; what it did to each account is added to that account's
-- carried figure (an amount, no day, no shop), and the lots it made become lots with an amount and
-- an expiry only. Per-shop figures live on in the closed period's settlement lines, which are
-- computed before any of a period's movements may be compacted.
--
-- The double entry stays whole: every remaining movement sums to zero, and so do the carried
-- figures (they are the sums of whole movements). An account's balance is its carried figures plus
-- its entries.

CREATE TABLE point_carried (
  account_id bigint NOT NULL REFERENCES point_accounts (id),
  -- The programme of the compacted movements (a holding account carries one figure per programme it
  -- placed points in, and one, with no programme, for what was converted into it).
  programme_code text REFERENCES point_programmes (code),
  points bigint NOT NULL
);
CREATE UNIQUE INDEX point_carried_key ON point_carried (account_id, (coalesce(programme_code, '')));

-- A folded lot has no award: only its account, its amount and its expiry.
ALTER TABLE point_lots ALTER COLUMN award_movement_id DROP NOT NULL;
CREATE INDEX point_lot_uses_lot ON point_lot_uses (lot_id);
CREATE INDEX point_movements_day ON point_movements (programme_code, occurred_on);

-- Entries are final, except when compaction deletes whole movements (inside point_fold only).
CREATE OR REPLACE FUNCTION point_entries_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('mykey.compacting', true) = 'on' THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'point entries are final; cancel with inverse entries';
END $$;

-- A cancel may outlive the movement it cancelled: that one is compacted once past its window, whether
-- or not its cancel is (the cancel keeps its own entries, and no cancel can come after the window).
ALTER TABLE point_movements DROP CONSTRAINT point_movements_reverses_fkey;
ALTER TABLE point_movements ADD FOREIGN KEY (reverses) REFERENCES point_movements (id)
  ON DELETE SET NULL;
ALTER TABLE point_movements DROP CONSTRAINT point_movements_check;
ALTER TABLE point_movements ADD CHECK (kind = 'cancel' OR reverses IS NULL);

-- Up to p_limit of a programme's movements that may be compacted, up to p_through: in a closed
-- period and before p_cut (the retention window's start).
CREATE FUNCTION point_compactable(p_programme text, p_through date, p_cut date, p_limit integer)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(id), '{}') FROM (
    SELECT m.id FROM point_movements m
    WHERE m.programme_code = p_programme AND m.settled_in IS NOT NULL
      AND m.occurred_on <= p_through AND m.occurred_on < p_cut
    LIMIT p_limit
  ) due
$$;

-- Conversions that may be compacted: before p_cut, and their holding lot all placed. (Points still
-- waiting for a municipality keep their partner and day: the placing names the partner.)
CREATE FUNCTION point_compactable_conversions(p_cut date, p_limit integer)
RETURNS bigint[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(id), '{}') FROM (
    SELECT m.id FROM point_movements m
    JOIN point_lots l ON l.award_movement_id = m.id
    WHERE m.kind = 'convert' AND m.occurred_on < p_cut AND l.remaining = 0
    LIMIT p_limit
  ) due
$$;

-- Folds whole movements away: their entries into the accounts' carried figures, their lots into
-- lots of amount and expiry only (merged per account and day; a lot with nothing left and nothing
-- a remaining movement could give back is deleted: a holding lot placed is never given back), then
-- deletes them. Returns how many went.
CREATE FUNCTION point_fold(p_ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_group record;
  v_owed bigint;
  v_lot bigint;
BEGIN
  IF coalesce(cardinality(p_ids), 0) = 0 THEN RETURN 0; END IF;
  -- The people's accounts, locked as every points operation locks them, so no award, redemption,
  -- cancel, expiry or placing changes a lot while it is folded.
  PERFORM 1 FROM point_accounts WHERE kind IN ('holder', 'holding') AND id IN
    (SELECT account_id FROM point_entries WHERE movement_id = ANY(p_ids)) ORDER BY id FOR UPDATE;
  PERFORM set_config('mykey.compacting', 'on', true);
  INSERT INTO point_carried (account_id, programme_code, points)
  SELECT e.account_id, m.programme_code, sum(e.amount)
  FROM point_entries e JOIN point_movements m ON m.id = e.movement_id
  WHERE m.id = ANY(p_ids) GROUP BY e.account_id, m.programme_code
  ON CONFLICT (account_id, (coalesce(programme_code, '')))
  DO UPDATE SET points = point_carried.points + EXCLUDED.points;
  DELETE FROM point_lot_uses WHERE movement_id = ANY(p_ids);
  FOR v_group IN
    SELECT l.account_id, l.expires_on, array_agg(l.id) AS ids, sum(l.remaining) AS remaining,
      (SELECT kind FROM point_accounts WHERE id = l.account_id) AS account_kind
    FROM point_lots l
    WHERE (l.account_id, l.expires_on) IN
        (SELECT account_id, expires_on FROM point_lots WHERE award_movement_id = ANY(p_ids))
      AND (l.award_movement_id IS NULL OR l.award_movement_id = ANY(p_ids))
    GROUP BY l.account_id, l.expires_on
  LOOP
    -- What remaining movements took from these lots: a cancel of one of them gives it back.
    SELECT coalesce(sum(amount), 0) INTO v_owed FROM point_lot_uses WHERE lot_id = ANY(v_group.ids);
    IF v_group.account_kind = 'holding' AND v_group.remaining = 0 THEN
      DELETE FROM point_lot_uses WHERE lot_id = ANY(v_group.ids);
    ELSIF v_group.remaining + v_owed > 0 THEN
      INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
      VALUES (v_group.account_id, NULL, v_group.expires_on, v_group.remaining + v_owed,
        v_group.remaining)
      RETURNING id INTO v_lot;
      INSERT INTO point_lot_uses (movement_id, lot_id, amount)
      SELECT movement_id, v_lot, sum(amount) FROM point_lot_uses
      WHERE lot_id = ANY(v_group.ids) GROUP BY movement_id;
      DELETE FROM point_lot_uses WHERE lot_id = ANY(v_group.ids);
    END IF;
    DELETE FROM point_lots WHERE id = ANY(v_group.ids);
  END LOOP;
  DELETE FROM point_entries WHERE movement_id = ANY(p_ids);
  DELETE FROM point_movements WHERE id = ANY(p_ids);
  PERFORM set_config('mykey.compacting', 'off', true);
  RETURN cardinality(p_ids);
END $$;
