-- 顧客分析: points are figures about people too. The week's counts also say how many people were
-- awarded and how many redeemed, per shop and for the street, and what each subtraction a reader
-- can take would be about (core/points/shop-analytics.ts decides what to publish from them):
-- small_shop_people, small_award_people, small_redeem_people: the people who used (were awarded
-- at, redeemed at) a shop with fewer than p_min such people, other than this row's shop (for the
-- street's row, any shop): what the street less the shown shops, and less the association's own
-- figures if it is such a shop, is about.
-- The return type changes, so the function is dropped and created again (nothing else depends on it).
DROP FUNCTION point_week_counts(text, date, integer, integer);

CREATE FUNCTION point_week_counts(p_programme text, p_week date, p_lookback_weeks integer, p_min integer)
RETURNS TABLE (provider_code text, customers integer, repeat_customers integer,
  other_shop_customers integer, points_awarded bigint, points_redeemed bigint,
  awarded_people integer, redeemed_people integer, small_shop_people integer,
  small_award_people integer, small_redeem_people integer)
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
  -- Who was awarded, and who redeemed, at which shop that week.
  movers AS (SELECT DISTINCT shop, who, kind FROM visits WHERE day >= p_week),
  points AS (
    SELECT shop, sum(points) FILTER (WHERE kind = 'award') AS awarded,
      sum(points) FILTER (WHERE kind = 'redeem') AS redeemed
    FROM visits WHERE day >= p_week GROUP BY shop
  ),
  small_shops AS (SELECT shop FROM shop_people GROUP BY shop HAVING count(*) < p_min),
  small_movers AS (SELECT kind, shop FROM movers GROUP BY kind, shop HAVING count(*) < p_min),
  counts AS (
    SELECT s.shop, count(*)::int AS customers, (count(*) FILTER (WHERE s.came_before))::int AS repeat,
      (count(*) FILTER (WHERE sp.shops > 1))::int AS other_shop,
      coalesce(max(pt.awarded), 0)::bigint AS awarded, coalesce(max(pt.redeemed), 0)::bigint AS redeemed
    FROM shop_people s
    JOIN street_people sp ON sp.who = s.who
    LEFT JOIN points pt ON pt.shop = s.shop
    GROUP BY s.shop
    UNION ALL
    SELECT '', (SELECT count(*) FROM street_people)::int,
      (SELECT count(*) FROM street_people WHERE came_before)::int,
      (SELECT count(*) FROM street_people WHERE shops > 1)::int,
      (SELECT coalesce(sum(awarded), 0) FROM points)::bigint,
      (SELECT coalesce(sum(redeemed), 0) FROM points)::bigint
  )
  SELECT c.shop, c.customers, c.repeat, c.other_shop, c.awarded, c.redeemed,
    (SELECT count(DISTINCT m.who) FROM movers m
     WHERE m.kind = 'award' AND (m.shop = c.shop OR c.shop = ''))::int,
    (SELECT count(DISTINCT m.who) FROM movers m
     WHERE m.kind = 'redeem' AND (m.shop = c.shop OR c.shop = ''))::int,
    (SELECT count(DISTINCT p.who) FROM shop_people p
     WHERE p.shop <> c.shop AND p.shop IN (SELECT shop FROM small_shops))::int,
    (SELECT count(DISTINCT m.who) FROM movers m
     WHERE m.kind = 'award' AND m.shop <> c.shop
       AND m.shop IN (SELECT shop FROM small_movers WHERE kind = 'award'))::int,
    (SELECT count(DISTINCT m.who) FROM movers m
     WHERE m.kind = 'redeem' AND m.shop <> c.shop
       AND m.shop IN (SELECT shop FROM small_movers WHERE kind = 'redeem'))::int
  FROM counts c
$$;
