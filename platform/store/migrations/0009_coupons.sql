-- Coupon codes (クーポンコード): the other way partner points came in. The partner asks for a batch
-- (its id makes it exactly once: the codes are derived from the platform's operation key, so a
-- resend gets the same codes and the database never holds one), hands each code to its customer,
-- and the customer redeems it at the kiosk into their holding account. Codes are stored only as
-- SHA-256 hashes (80 random bits each), are single-use and expire; a row never says who used it.

CREATE TABLE point_coupon_batches (
  provider_code text NOT NULL REFERENCES point_partners (provider_code),
  batch_id text NOT NULL,
  content_mac text NOT NULL,
  count integer NOT NULL CHECK (count BETWEEN 1 AND 1000),
  points integer NOT NULL CHECK (points > 0),
  expires_on date NOT NULL,
  PRIMARY KEY (provider_code, batch_id)
);

CREATE TABLE point_coupons (
  code_hash bytea PRIMARY KEY,
  provider_code text NOT NULL,
  batch_id text NOT NULL,
  points integer NOT NULL CHECK (points > 0),
  expires_on date NOT NULL,
  used boolean NOT NULL DEFAULT false,
  FOREIGN KEY (provider_code, batch_id) REFERENCES point_coupon_batches (provider_code, batch_id)
);

-- A coupon into a person's holding account, as a conversion from its partner: refused when unknown
-- (COUPON_INVALID), used (COUPON_USED) or past its day (COUPON_EXPIRED). Partners' daily caps do not
-- apply: the batch was the partner's decision, and its customer has given up the partner points.
CREATE FUNCTION point_redeem_coupon(p_hash bytea, p_my_key_id text, p_today date)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_coupon record;
  v_partner record;
  v_holding bigint;
BEGIN
  SELECT c.*, pr.name AS partner_name INTO v_coupon FROM point_coupons c
  JOIN providers pr ON pr.code = c.provider_code WHERE c.code_hash = p_hash FOR UPDATE OF c;
  IF NOT FOUND THEN RETURN point_rejected('COUPON_INVALID'); END IF;
  IF v_coupon.used THEN RETURN point_rejected('COUPON_USED'); END IF;
  IF v_coupon.expires_on < p_today THEN RETURN point_rejected('COUPON_EXPIRED'); END IF;
  SELECT * INTO v_partner FROM point_partners WHERE provider_code = v_coupon.provider_code;
  v_holding := point_holding_account(p_my_key_id);
  IF v_holding IS NULL THEN RETURN point_rejected('MYKEY_NOT_REGISTERED'); END IF;
  PERFORM point_credit_holding(v_coupon.provider_code, v_holding, v_coupon.points, p_today,
    p_today + v_partner.holding_days);
  UPDATE point_coupons SET used = true WHERE code_hash = p_hash;
  RETURN jsonb_build_object('status', 'applied', 'points', v_coupon.points,
    'partnerName', v_coupon.partner_name, 'holdUntil', (p_today + v_partner.holding_days)::text);
END $$;
