-- 地域経済応援ポイント: partners' points (credit cards, airlines, telecom and power companies) converted
-- into a person's holding account (留保ポイント口座), then placed in a municipality's 自治体ポイント,
-- with its premium, by the person at the kiosk or, after 14 days, in their default municipality
-- (基本自治体) by a daily job. Points never go back to a partner.

-- A partner is a provider whose credential (a key enrolled as a terminal's) may only convert.
ALTER TABLE providers ADD COLUMN kind text NOT NULL DEFAULT 'provider'
  CHECK (kind IN ('provider', 'partner'));

CREATE TABLE point_partners (
  provider_code text PRIMARY KEY REFERENCES providers (code),
  -- ID連携: the partner's service, whose service IDs are its customer numbers.
  service_code text NOT NULL UNIQUE REFERENCES services (code),
  -- rate_points points for every rate_per partner points, whole points, rounded down.
  rate_points integer NOT NULL CHECK (rate_points > 0),
  rate_per integer NOT NULL CHECK (rate_per > 0),
  -- At most this many points a day to one person from this partner, and from it to everyone.
  daily_cap_person integer NOT NULL CHECK (daily_cap_person > 0),
  daily_cap_partner bigint NOT NULL CHECK (daily_cap_partner > 0),
  -- What it takes to hold converted points before the default municipality gets them.
  holding_days integer NOT NULL DEFAULT 14 CHECK (holding_days BETWEEN 1 AND 90)
);

-- The partner's own total for a day: the per-partner cap, without reading every conversion.
CREATE TABLE point_partner_days (
  provider_code text NOT NULL REFERENCES point_partners (provider_code),
  day date NOT NULL,
  points bigint NOT NULL CHECK (points >= 0),
  PRIMARY KEY (provider_code, day)
);

-- Exactly once per partner transaction id; the result is an outcome or an error code, never the
-- customer. Purged with sync_operations' retention.
CREATE TABLE point_conversions (
  provider_code text NOT NULL REFERENCES point_partners (provider_code),
  transaction_id text NOT NULL,
  content_mac text NOT NULL,
  result jsonb NOT NULL,
  recorded_on date NOT NULL DEFAULT current_date,
  PRIMARY KEY (provider_code, transaction_id)
);
CREATE INDEX point_conversions_recorded_on ON point_conversions (recorded_on);

-- 自治体ポイント may add a premium when converted points are placed in it (funded by its issue account).
ALTER TABLE point_programmes ADD COLUMN premium_percent integer NOT NULL DEFAULT 0
  CHECK (premium_percent BETWEEN 0 AND 100);
ALTER TABLE point_programmes ADD CHECK (kind = 'municipal' OR premium_percent = 0);

-- 基本自治体: where a person's converted points go when they have not chosen within the holding days.
CREATE TABLE holder_settings (
  my_key_id text PRIMARY KEY REFERENCES my_keys (my_key_id) ON UPDATE CASCADE ON DELETE CASCADE,
  default_municipality_code text REFERENCES municipalities (code)
);

-- Two new kinds of account, outside any programme: a person's holding account and a partner's
-- account (where converted points come from, as a programme's issue account for its awards).
ALTER TABLE point_accounts ALTER COLUMN programme_code DROP NOT NULL;
ALTER TABLE point_accounts DROP CONSTRAINT point_accounts_kind_check;
ALTER TABLE point_accounts DROP CONSTRAINT point_accounts_check;
ALTER TABLE point_accounts DROP CONSTRAINT point_accounts_check1;
ALTER TABLE point_accounts DROP CONSTRAINT point_accounts_check2;
ALTER TABLE point_accounts ADD CHECK
  (kind IN ('issue', 'expiry', 'redemption', 'holder', 'holding', 'partner'));
ALTER TABLE point_accounts ADD CHECK ((kind IN ('holder', 'holding')) = (my_key_id IS NOT NULL));
ALTER TABLE point_accounts ADD CHECK ((kind IN ('redemption', 'partner')) = (provider_code IS NOT NULL));
ALTER TABLE point_accounts ADD CHECK ((kind IN ('holding', 'partner')) = (programme_code IS NULL));
ALTER TABLE point_accounts ADD CHECK (kind NOT IN ('holder', 'holding') OR balance >= 0);
CREATE UNIQUE INDEX point_accounts_holding ON point_accounts (my_key_id) WHERE kind = 'holding';
CREATE UNIQUE INDEX point_accounts_partner ON point_accounts (provider_code) WHERE kind = 'partner';

-- A conversion (partner → holding; no programme yet) and a placing (holding → a programme, with the
-- premium from its issue account); both name the partner as their provider.
ALTER TABLE point_movements ALTER COLUMN programme_code DROP NOT NULL;
ALTER TABLE point_movements DROP CONSTRAINT point_movements_kind_check;
ALTER TABLE point_movements ADD CHECK
  (kind IN ('award', 'redeem', 'cancel', 'expire', 'convert', 'place'));
ALTER TABLE point_movements ADD CHECK ((kind = 'convert') = (programme_code IS NULL));

-- Holder and holding balances are both kept from their entries.
CREATE OR REPLACE FUNCTION point_entry_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE point_accounts SET balance = balance + NEW.amount
  WHERE id = NEW.account_id AND kind IN ('holder', 'holding');
  RETURN NULL;
END $$;

-- A person's holding account, opened on first use and locked until the transaction ends; NULL
-- when the My Key ID is not registered. ON CONFLICT, not a unique violation: an error would carry the
-- My Key ID into the log.
CREATE FUNCTION point_holding_account(p_my_key_id text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_holding bigint;
BEGIN
  INSERT INTO point_accounts (kind, my_key_id)
  SELECT 'holding', p_my_key_id WHERE EXISTS (SELECT 1 FROM my_keys WHERE my_key_id = p_my_key_id)
  ON CONFLICT DO NOTHING;
  SELECT id INTO v_holding FROM point_accounts
  WHERE kind = 'holding' AND my_key_id = p_my_key_id FOR UPDATE;
  RETURN v_holding;
END $$;

-- Credits a holding account with points from a partner's account (opened on first use): one
-- movement, and a lot whose day is the last to choose a municipality.
CREATE FUNCTION point_credit_holding(
  p_partner text, p_holding bigint, p_points bigint, p_today date, p_hold_until date
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_source bigint;
  v_movement bigint;
BEGIN
  INSERT INTO point_accounts (kind, provider_code) VALUES ('partner', p_partner)
  ON CONFLICT DO NOTHING;
  SELECT id INTO v_source FROM point_accounts WHERE kind = 'partner' AND provider_code = p_partner;
  v_movement := point_post(NULL, 'convert', p_partner, p_today, NULL, NULL,
    ARRAY[v_source, p_holding], ARRAY[-p_points, p_points]);
  INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
  VALUES (p_holding, v_movement, p_hold_until, p_points, p_points);
END $$;

-- 変換: a partner's points for its customer (found through the ID連携 link), into their holding account,
-- exactly once per partner transaction id. The holding lot's "expires_on" is the last day the person
-- can choose a municipality.
CREATE FUNCTION point_convert(
  p_partner text, p_transaction text, p_content_mac text, p_service_id text,
  p_partner_points bigint, p_today date
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_partner record;
  v_earlier record;
  v_my_key_id text;
  v_points bigint;
  v_today bigint;
  v_partner_today bigint;
  v_holding bigint;
  v_result jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('conversion:' || p_partner || ':' || p_transaction));
  SELECT result, content_mac INTO v_earlier FROM point_conversions
  WHERE provider_code = p_partner AND transaction_id = p_transaction;
  IF FOUND THEN
    RETURN jsonb_build_object('earlier', v_earlier.result, 'mac', v_earlier.content_mac);
  END IF;
  SELECT * INTO v_partner FROM point_partners WHERE provider_code = p_partner;
  -- A partner the operator has not given its rules yet: nothing to record against.
  IF NOT FOUND THEN RETURN jsonb_build_object('result', point_rejected('PARTNER_NOT_FOUND')); END IF;
  v_my_key_id := (SELECT my_key_id FROM links
    WHERE service_code = v_partner.service_code AND service_id = p_service_id);
  v_points := p_partner_points * v_partner.rate_points / v_partner.rate_per;
  IF v_my_key_id IS NULL THEN
    v_result := point_rejected('CONVERSION_NOT_LINKED');
  ELSIF v_points < 1 THEN
    v_result := point_rejected('CONVERSION_TOO_SMALL');
  ELSE
    -- Linked, so registered: the account opens, locked while today's total is read.
    v_holding := point_holding_account(v_my_key_id);
    -- Converted to this person by this partner today.
    SELECT coalesce(sum(e.amount), 0) INTO v_today FROM point_entries e
    JOIN point_movements m ON m.id = e.movement_id
    WHERE e.account_id = v_holding AND m.kind = 'convert' AND m.provider_code = p_partner
      AND m.occurred_on = p_today;
    INSERT INTO point_partner_days (provider_code, day, points) VALUES (p_partner, p_today, 0)
    ON CONFLICT DO NOTHING;
    SELECT points INTO v_partner_today FROM point_partner_days
    WHERE provider_code = p_partner AND day = p_today FOR UPDATE;
    IF v_today + v_points > v_partner.daily_cap_person
       OR v_partner_today + v_points > v_partner.daily_cap_partner THEN
      v_result := point_rejected('CONVERSION_DAILY_CAP');
    ELSE
      UPDATE point_partner_days SET points = points + v_points
      WHERE provider_code = p_partner AND day = p_today;
      PERFORM point_credit_holding(p_partner, v_holding, v_points, p_today,
        p_today + v_partner.holding_days);
      v_result := jsonb_build_object('status', 'applied', 'outcome', 'converted', 'points', v_points,
        'holdUntil', (p_today + v_partner.holding_days)::text);
    END IF;
  END IF;
  INSERT INTO point_conversions (provider_code, transaction_id, content_mac, result)
  VALUES (p_partner, p_transaction, p_content_mac, v_result);
  RETURN jsonb_build_object('result', v_result);
END $$;

-- 自治体の選択: a person's held points (those due by p_due_before, or all of them when it is NULL) go to
-- the 自治体ポイント of a municipality, each holding lot as one movement naming its partner, with the
-- programme's premium from its issue account; each becomes a lot with the programme's expiry.
CREATE FUNCTION point_place(p_my_key_id text, p_municipality text, p_today date, p_due_before date)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_programme record;
  v_holding bigint;
  v_account bigint;
  v_lot record;
  v_premium bigint;
  v_movement bigint;
  v_placed bigint := 0;
  v_premiums bigint := 0;
BEGIN
  SELECT p.code, p.expiry_rule, p.premium_percent, i.id AS issue INTO v_programme
  FROM point_programmes p
  JOIN point_accounts i ON i.programme_code = p.code AND i.kind = 'issue'
  WHERE p.municipality_code = p_municipality AND p.kind = 'municipal';
  IF NOT FOUND THEN RETURN point_rejected('MUNICIPAL_PROGRAMME_NOT_FOUND'); END IF;
  SELECT id INTO v_holding FROM point_accounts
  WHERE kind = 'holding' AND my_key_id = p_my_key_id FOR UPDATE;
  IF NOT FOUND THEN RETURN point_rejected('HOLDING_EMPTY'); END IF;
  INSERT INTO point_accounts (programme_code, kind, my_key_id)
  VALUES (v_programme.code, 'holder', p_my_key_id) ON CONFLICT DO NOTHING;
  SELECT id INTO v_account FROM point_accounts
  WHERE programme_code = v_programme.code AND kind = 'holder' AND my_key_id = p_my_key_id FOR UPDATE;
  FOR v_lot IN
    SELECT l.id, l.remaining, m.provider_code FROM point_lots l
    JOIN point_movements m ON m.id = l.award_movement_id
    WHERE l.account_id = v_holding AND l.remaining > 0
      AND (p_due_before IS NULL OR l.expires_on < p_due_before)
    ORDER BY l.expires_on, l.id
  LOOP
    v_premium := v_lot.remaining * v_programme.premium_percent / 100;
    v_movement := point_post(v_programme.code, 'place', v_lot.provider_code, p_today, NULL, NULL,
      CASE WHEN v_premium > 0 THEN ARRAY[v_holding, v_account, v_programme.issue]
        ELSE ARRAY[v_holding, v_account] END,
      CASE WHEN v_premium > 0 THEN ARRAY[-v_lot.remaining, v_lot.remaining + v_premium, -v_premium]
        ELSE ARRAY[-v_lot.remaining, v_lot.remaining] END);
    PERFORM point_use_lots(v_movement, ARRAY[v_lot.id], ARRAY[v_lot.remaining::int]);
    INSERT INTO point_lots (account_id, award_movement_id, expires_on, original, remaining)
    VALUES (v_account, v_movement, point_expires_on(v_programme.expiry_rule, p_today),
      v_lot.remaining + v_premium, v_lot.remaining + v_premium);
    v_placed := v_placed + v_lot.remaining;
    v_premiums := v_premiums + v_premium;
  END LOOP;
  IF v_placed = 0 THEN RETURN point_rejected('HOLDING_EMPTY'); END IF;
  RETURN jsonb_build_object('status', 'applied', 'outcome', 'placed', 'programmeCode',
    v_programme.code, 'points', v_placed, 'premium', v_premiums);
END $$;
