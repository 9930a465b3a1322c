-- 顧客分析: each week of a programme, counted as soon as the week ends (before compaction can fold
-- any entry it needs) and stored only as published figures: a cell that would count fewer than ten
-- people, or let one be found by subtraction, is stored as NULL (core/points/shop-analytics.ts
-- decides). No row names a person; the street's row has provider_code ''.
CREATE TABLE point_shop_weeks (
  programme_code text NOT NULL REFERENCES point_programmes (code),
  week_start date NOT NULL,
  provider_code text NOT NULL,
  customers integer,
  new_customers integer,
  repeat_customers integer,
  other_shop_customers integer,
  points_awarded bigint,
  points_redeemed bigint,
  PRIMARY KEY (programme_code, week_start, provider_code)
);

-- The raw counts of one week (Monday p_week to Sunday), for the publishing rules to decide on;
-- never stored. Per shop (and '' for the street): distinct customers (an award or a redemption
-- there, not cancelled), those seen there in the p_lookback_weeks before (for the street: at any of
-- its shops), those who also used another shop of the street that week (for the street: two or
-- more shops), the points; for the street also how many people used a shop with fewer than p_min
-- customers (what a subtraction of the shown shops from the street would be about).
CREATE FUNCTION point_week_counts(p_programme text, p_week date, p_lookback_weeks integer, p_min integer)
RETURNS TABLE (provider_code text, customers integer, repeat_customers integer,
  other_shop_customers integer, points_awarded bigint, points_redeemed bigint,
  small_shop_people integer)
LANGUAGE sql STABLE AS $$
  WITH visits AS (
    SELECT m.provider_code AS shop, e.account_id AS who, m.occurred_on AS day, m.kind,
      abs(e.amount) AS points
    FROM point_movements m
    JOIN point_entries e ON e.movement_id = m.id
    JOIN point_accounts a ON a.id = e.account_id AND a.kind = 'holder'
    WHERE m.programme_code = p_programme AND m.kind IN ('award', 'redeem')
      AND m.occurred_on BETWEEN p_week - 7 * p_lookback_weeks AND p_week + 6
      AND NOT EXISTS (SELECT 1 FROM point_movements c WHERE c.reverses = m.id)
  ),
  shop_people AS (
    SELECT w.shop, w.who,
      EXISTS (SELECT 1 FROM visits v WHERE v.shop = w.shop AND v.who = w.who AND v.day < p_week)
        AS came_before
    FROM (SELECT DISTINCT shop, who FROM visits WHERE day >= p_week) w
  ),
  street_people AS (
    SELECT p.who, count(*) AS shops,
      EXISTS (SELECT 1 FROM visits v WHERE v.who = p.who AND v.day < p_week) AS came_before
    FROM shop_people p GROUP BY p.who
  ),
  points AS (
    SELECT shop, sum(points) FILTER (WHERE kind = 'award') AS awarded,
      sum(points) FILTER (WHERE kind = 'redeem') AS redeemed
    FROM visits WHERE day >= p_week GROUP BY shop
  ),
  small_shops AS (SELECT shop FROM shop_people GROUP BY shop HAVING count(*) < p_min)
  SELECT s.shop, count(*)::int, (count(*) FILTER (WHERE s.came_before))::int,
    (count(*) FILTER (WHERE sp.shops > 1))::int,
    coalesce(max(pt.awarded), 0)::bigint, coalesce(max(pt.redeemed), 0)::bigint, 0
  FROM shop_people s
  JOIN street_people sp ON sp.who = s.who
  LEFT JOIN points pt ON pt.shop = s.shop
  GROUP BY s.shop
  UNION ALL
  SELECT '', (SELECT count(*) FROM street_people)::int,
    (SELECT count(*) FROM street_people WHERE came_before)::int,
    (SELECT count(*) FROM street_people WHERE shops > 1)::int,
    (SELECT coalesce(sum(awarded), 0) FROM points)::bigint,
    (SELECT coalesce(sum(redeemed), 0) FROM points)::bigint,
    (SELECT count(DISTINCT who) FROM shop_people WHERE shop IN (SELECT shop FROM small_shops))::int
$$;
