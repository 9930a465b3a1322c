-- 精算: a programme's month closed into per-party figures, every one summed from the ledger. Closing a
-- period marks its movements with it; a movement made later (a late cancel) is not yet marked and goes
-- into the next period, so a closed period never changes. Its lines keep the parties' names as they
-- were, so an export made again is the same, byte for byte.

ALTER TABLE point_movements ADD COLUMN settled_in text;
CREATE INDEX point_movements_unsettled ON point_movements (programme_code, occurred_on)
  WHERE settled_in IS NULL;

CREATE TABLE point_settlements (
  programme_code text NOT NULL REFERENCES point_programmes (code),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  closed_on date NOT NULL,
  PRIMARY KEY (programme_code, period)
);

-- One figure per kind of line and party (never an item bought: the ledger has none), signed as the ledger's entries are (they sum to zero):
-- awarded (by a shop, from the issue account: negative), redeemed (at a shop: positive), converted
-- (from a partner, placed here: negative), premium (on placing: negative), expired (positive), held
-- (what holders' balances changed by).
CREATE TABLE point_settlement_lines (
  programme_code text NOT NULL,
  period text NOT NULL,
  line_kind text NOT NULL
    CHECK (line_kind IN ('awarded', 'redeemed', 'converted', 'premium', 'expired', 'held')),
  party_code text NOT NULL DEFAULT '',
  party_name text NOT NULL DEFAULT '',
  points bigint NOT NULL,
  PRIMARY KEY (programme_code, period, line_kind, party_code),
  FOREIGN KEY (programme_code, period) REFERENCES point_settlements (programme_code, period)
);

-- Closes a month that has ended. Earlier months must be closed first (SETTLEMENT_EARLIER_OPEN), so
-- no movement is left behind; closing a closed month again answers as before ('already_closed').
CREATE FUNCTION point_close_period(p_programme text, p_period text, p_today date)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_start date := to_date(p_period || '-01', 'YYYY-MM-DD');
  v_end date := (to_date(p_period || '-01', 'YYYY-MM-DD') + interval '1 month')::date - 1;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('settlement:' || p_programme));
  IF NOT EXISTS (SELECT 1 FROM point_programmes WHERE code = p_programme) THEN
    RETURN point_rejected('PROGRAMME_NOT_FOUND');
  END IF;
  IF EXISTS (SELECT 1 FROM point_settlements WHERE programme_code = p_programme AND period = p_period) THEN
    RETURN jsonb_build_object('status', 'applied', 'outcome', 'already_closed');
  END IF;
  IF v_end >= p_today THEN RETURN point_rejected('SETTLEMENT_PERIOD_OPEN'); END IF;
  IF EXISTS (SELECT 1 FROM point_movements WHERE programme_code = p_programme
      AND settled_in IS NULL AND occurred_on < v_start) THEN
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
