-- A month-end straggler (issue 26): an operation's day is fixed before its statement commits, so a
-- movement dated 31 January can commit after January was closed. Closing marked only committed
-- movements, and that one stayed unsettled in a closed month: every later month then answered
-- SETTLEMENT_EARLIER_OPEN for good.
--
-- A straggler now goes into the next month closed, as a late cancel does: an unsettled movement
-- dated in a month that is already closed does not hold later months back, and the next closing
-- takes it (it takes every unsettled movement up to its month's end). So a closed period still
-- never changes, and every movement is settled exactly once. Why not make closing wait for the
-- operations in flight (a lock they hold in share mode)? It would not be enough: a day fixed just
-- before midnight can reach the database only after the closing has committed (a slow request, a
-- retry after a database restart), and every award and redemption would take one more lock. This
-- needs no lock, and it holds whatever the delay.
--
-- Periods are validated here too (every caller comes through this function): a real month of the
-- years 2000 to 9999, so '0000-01' is not a month to close.
CREATE OR REPLACE FUNCTION point_close_period(p_programme text, p_period text, p_today date)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_start date;
  v_end date;
BEGIN
  IF p_period IS NULL OR p_period !~ '^[2-9][0-9]{3}-(0[1-9]|1[0-2])$' THEN
    RETURN point_rejected('SETTLEMENT_PERIOD_INVALID');
  END IF;
  v_start := to_date(p_period || '-01', 'YYYY-MM-DD');
  v_end := (v_start + interval '1 month')::date - 1;
  PERFORM pg_advisory_xact_lock(hashtext('settlement:' || p_programme));
  IF NOT EXISTS (SELECT 1 FROM point_programmes WHERE code = p_programme) THEN
    RETURN point_rejected('PROGRAMME_NOT_FOUND');
  END IF;
  IF EXISTS (SELECT 1 FROM point_settlements WHERE programme_code = p_programme AND period = p_period) THEN
    RETURN jsonb_build_object('status', 'applied', 'outcome', 'already_closed');
  END IF;
  IF v_end >= p_today THEN RETURN point_rejected('SETTLEMENT_PERIOD_OPEN'); END IF;
  -- An earlier month with unsettled movements that is not closed yet; a straggler in a closed
  -- month is not one of them: it goes into this one.
  IF EXISTS (SELECT 1 FROM point_movements m WHERE m.programme_code = p_programme
      AND m.settled_in IS NULL AND m.occurred_on < v_start
      AND NOT EXISTS (SELECT 1 FROM point_settlements s WHERE s.programme_code = p_programme
        AND s.period = to_char(m.occurred_on, 'YYYY-MM'))) THEN
    RETURN point_rejected('SETTLEMENT_EARLIER_OPEN');
  END IF;
  INSERT INTO point_settlements (programme_code, period, closed_on) VALUES (p_programme, p_period, p_today);
  UPDATE point_movements SET settled_in = p_period
  WHERE programme_code = p_programme AND settled_in IS NULL AND occurred_on <= v_end;
  INSERT INTO point_settlement_lines (programme_code, period, line_kind, party_code, party_name, points)
  SELECT p_programme, p_period, f.line_kind, f.party, coalesce(pr.name, ''), sum(f.amount)
  FROM (
    SELECT e.amount,
      CASE a.kind
        WHEN 'redemption' THEN 'redeemed'
        WHEN 'issue' THEN CASE WHEN m.kind = 'place' THEN 'premium' ELSE 'awarded' END
        WHEN 'holding' THEN 'converted'
        WHEN 'expiry' THEN 'expired'
        ELSE 'held'
      END AS line_kind,
      CASE
        WHEN a.kind = 'redemption' THEN a.provider_code
        WHEN (a.kind = 'issue' AND m.kind <> 'place') OR a.kind = 'holding' THEN m.provider_code
        ELSE ''
      END AS party
    FROM point_movements m
    JOIN point_entries e ON e.movement_id = m.id
    JOIN point_accounts a ON a.id = e.account_id
    WHERE m.programme_code = p_programme AND m.settled_in = p_period
  ) f
  LEFT JOIN providers pr ON pr.code = f.party
  GROUP BY f.line_kind, f.party, pr.name;
  RETURN jsonb_build_object('status', 'applied', 'outcome', 'closed');
END $$;

-- A closed period never changes (a correction goes into the next one), now guarded as the entries
-- are: its settlement and lines are final, and a settled movement keeps its period, day, kind,
-- programme and shop. (Compaction deletes settled movements whole, and the cancel of one it deleted
-- loses its `reverses`: both stay allowed.)
CREATE FUNCTION point_settlements_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a closed period is final; a correction goes into the next one';
END $$;
CREATE TRIGGER point_settlements_final BEFORE UPDATE OR DELETE ON point_settlements
  FOR EACH ROW EXECUTE FUNCTION point_settlements_are_final();
CREATE TRIGGER point_settlement_lines_final BEFORE UPDATE OR DELETE ON point_settlement_lines
  FOR EACH ROW EXECUTE FUNCTION point_settlements_are_final();

CREATE FUNCTION point_settled_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.settled_in IS NOT NULL AND (NEW.settled_in IS DISTINCT FROM OLD.settled_in
      OR NEW.occurred_on <> OLD.occurred_on OR NEW.kind <> OLD.kind
      OR NEW.programme_code IS DISTINCT FROM OLD.programme_code
      OR NEW.provider_code IS DISTINCT FROM OLD.provider_code) THEN
    RAISE EXCEPTION 'a settled movement is final; a correction goes into the next period';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER point_movements_settled_final BEFORE UPDATE ON point_movements
  FOR EACH ROW EXECUTE FUNCTION point_settled_is_final();

-- The table's own check, as strict as the function's (NOT VALID: rows closed before stay as they are).
ALTER TABLE point_settlements DROP CONSTRAINT point_settlements_period_check;
ALTER TABLE point_settlements ADD CONSTRAINT point_settlements_period_check
  CHECK (period ~ '^[2-9][0-9]{3}-(0[1-9]|1[0-2])$') NOT VALID;
