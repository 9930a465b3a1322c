-- Points (ポイント): programmes with their rules, and a double-entry ledger.
-- An entry carries a programme, an account, an amount and (through its movement) a shop and a day:
-- never an item, a receipt or a product (source: 物品の購入履歴等の情報は保有できない). A movement
-- names no terminal: only the keyed MAC of (terminal, operation id) lets that terminal cancel it.

-- ポイント制度: 自治体ポイント (one per municipality) or a provider's own, such as a shopping
-- street's 商店街ポイント.
CREATE TABLE point_programmes (
  code text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('municipal', 'provider')),
  municipality_code text NOT NULL REFERENCES municipalities (code),
  owner_provider_code text REFERENCES providers (code),
  yen_per_point integer NOT NULL CHECK (yen_per_point >= 0),
  expiry_rule text NOT NULL,
  daily_cap integer NOT NULL CHECK (daily_cap > 0),
  cancel_days integer NOT NULL CHECK (cancel_days >= 0),
  CHECK ((kind = 'municipal') = (owner_provider_code IS NULL))
);
CREATE UNIQUE INDEX point_programmes_one_municipal
  ON point_programmes (municipality_code) WHERE kind = 'municipal';

-- Which providers' terminals may award and which may redeem.
CREATE TABLE point_participants (
  programme_code text NOT NULL REFERENCES point_programmes (code) ON DELETE CASCADE,
  provider_code text NOT NULL REFERENCES providers (code),
  may_award boolean NOT NULL,
  may_redeem boolean NOT NULL,
  PRIMARY KEY (programme_code, provider_code)
);

-- 行政ポイント: a named activity worth a fixed number of points.
CREATE TABLE point_fixed_awards (
  programme_code text NOT NULL REFERENCES point_programmes (code) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  points integer NOT NULL CHECK (points > 0),
  PRIMARY KEY (programme_code, code)
);

-- Accounts: the programme's issue and expiry accounts, each shop's redemption account, and each
-- holder's (My Key ID, programme). A holder account follows its My Key ID through renewal (the
-- cascade) and 本登録 (moved with the links), and never goes below zero.
CREATE TABLE point_accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_code text NOT NULL REFERENCES point_programmes (code),
  kind text NOT NULL CHECK (kind IN ('issue', 'expiry', 'redemption', 'holder')),
  my_key_id text REFERENCES my_keys (my_key_id) ON UPDATE CASCADE,
  provider_code text REFERENCES providers (code),
  -- A holder's balance: the sum of the account's entries, kept by the trigger below (never written
  -- directly). The programme's and the shops' accounts are summed from their entries when asked
  -- (totals are an operator's question): every award and redemption touching one row would make
  -- all of them wait on each other.
  balance bigint NOT NULL DEFAULT 0,
  CHECK ((kind = 'holder') = (my_key_id IS NOT NULL)),
  CHECK ((kind = 'redemption') = (provider_code IS NOT NULL)),
  CHECK (kind <> 'holder' OR balance >= 0)
);
CREATE UNIQUE INDEX point_accounts_holder
  ON point_accounts (programme_code, my_key_id) WHERE kind = 'holder';
CREATE UNIQUE INDEX point_accounts_shop
  ON point_accounts (programme_code, provider_code) WHERE kind = 'redemption';
CREATE UNIQUE INDEX point_accounts_programme
  ON point_accounts (programme_code, kind) WHERE kind IN ('issue', 'expiry');
CREATE INDEX point_accounts_my_key ON point_accounts (my_key_id) WHERE my_key_id IS NOT NULL;

CREATE TABLE point_movements (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_code text NOT NULL REFERENCES point_programmes (code),
  kind text NOT NULL CHECK (kind IN ('award', 'redeem', 'cancel', 'expire')),
  -- The shop; none for an expiry.
  provider_code text REFERENCES providers (code),
  occurred_on date NOT NULL,
  operation_key text UNIQUE,
  reverses bigint UNIQUE REFERENCES point_movements (id),
  CHECK ((kind = 'cancel') = (reverses IS NOT NULL))
);

CREATE TABLE point_entries (
  movement_id bigint NOT NULL REFERENCES point_movements (id),
  account_id bigint NOT NULL REFERENCES point_accounts (id),
  amount bigint NOT NULL CHECK (amount <> 0),
  PRIMARY KEY (movement_id, account_id)
);
CREATE INDEX point_entries_account ON point_entries (account_id);

-- Lots: each award's points with their own expiry day; spending takes the lots that expire first.
CREATE TABLE point_lots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES point_accounts (id),
  award_movement_id bigint NOT NULL UNIQUE REFERENCES point_movements (id),
  expires_on date NOT NULL,
  original integer NOT NULL CHECK (original > 0),
  remaining integer NOT NULL CHECK (remaining >= 0 AND remaining <= original)
);
CREATE INDEX point_lots_spendable ON point_lots (account_id, expires_on, id) WHERE remaining > 0;
CREATE INDEX point_lots_expiring ON point_lots (expires_on) WHERE remaining > 0;

-- Which lots a redemption, a cancelled award or an expiry took, so that a cancel puts them back.
CREATE TABLE point_lot_uses (
  movement_id bigint NOT NULL REFERENCES point_movements (id),
  lot_id bigint NOT NULL REFERENCES point_lots (id),
  amount integer NOT NULL CHECK (amount > 0),
  PRIMARY KEY (movement_id, lot_id)
);

-- A holder's balance is the sum of their entries, kept here so no code path can let them drift.
CREATE FUNCTION point_entry_posts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE point_accounts SET balance = balance + NEW.amount
  WHERE id = NEW.account_id AND kind = 'holder';
  RETURN NULL;
END $$;
CREATE TRIGGER point_entries_post AFTER INSERT ON point_entries
  FOR EACH ROW EXECUTE FUNCTION point_entry_posts();

-- Every movement's entries sum to zero, checked when its transaction commits.
CREATE FUNCTION point_movement_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT sum(amount) FROM point_entries WHERE movement_id = NEW.movement_id) <> 0 THEN
    RAISE EXCEPTION 'point movement % does not balance', NEW.movement_id;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER point_entries_balance AFTER INSERT ON point_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION point_movement_balances();

-- Entries are never changed or removed: a mistake is corrected by a cancel (the inverse entries).
CREATE FUNCTION point_entries_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point entries are final; cancel with inverse entries';
END $$;
CREATE TRIGGER point_entries_final BEFORE UPDATE OR DELETE ON point_entries
  FOR EACH ROW EXECUTE FUNCTION point_entries_are_final();
