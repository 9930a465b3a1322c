/**
 * 顧客分析: what a week's figures may show. The platform counts a week's customers per shop and for
 * the whole street, then publishes only what cannot point at fewer than ten people: not a cell
 * itself, and not a difference a reader could take between cells they see. Suppressed cells are
 * null; only the published figures are ever stored.
 *
 * The readers: a shop's staff see their shop's row and the street's; the street's association sees
 * every shop's row and the street's, and may itself be one of the shops. Every row is published so
 * that even the association, and every shop that knows its own true figures, can subtract nothing
 * small. Points are figures about people too: the points awarded at a shop are about the people
 * awarded there, so they rest on those people's count, not on the customers'.
 */
export const MIN_PEOPLE = 10;

/**
 * A week's raw counts for one shop, or for the street (providerCode ''). Never stored, never shown.
 * "Other than this one" means, for the street's row, any shop (the rules need only the shops').
 */
export interface WeekCounts {
  providerCode: string;
  customers: number;
  repeatCustomers: number;
  /** Customers who also used another shop of the street that week (street: two or more shops). */
  otherShopCustomers: number;
  pointsAwarded: number;
  pointsRedeemed: number;
  /** People awarded points here that week (street: at any of its shops). */
  awardedPeople: number;
  /** People who redeemed points here that week (street: at any of its shops). */
  redeemedPeople: number;
  /** People who used a shop with fewer than MIN_PEOPLE customers, other than this one. */
  smallShopPeople: number;
  /** People awarded at a shop where fewer than MIN_PEOPLE were awarded, other than this one. */
  smallAwardPeople: number;
  /** People who redeemed at a shop where fewer than MIN_PEOPLE redeemed, other than this one. */
  smallRedeemPeople: number;
}

/** The street's counts ('' as its providerCode). */
export type StreetCounts = WeekCounts;

export interface PublishedWeekRow {
  providerCode: string;
  customers: number | null;
  newCustomers: number | null;
  repeatCustomers: number | null;
  otherShopCustomers: number | null;
  pointsAwarded: number | null;
  pointsRedeemed: number | null;
}

/** A count about 1 to 9 people. None (0) is about nobody. */
const small = (people: number) => people > 0 && people < MIN_PEOPLE;

function suppressed(providerCode: string): PublishedWeekRow {
  return {
    providerCode,
    customers: null,
    newCustomers: null,
    repeatCustomers: null,
    otherShopCustomers: null,
    pointsAwarded: null,
    pointsRedeemed: null,
  };
}

/**
 * A row whose customers are at least ten. New and repeat customers add up to the customers, so
 * both go if either is small; those who also used another shop and those who did not add up too.
 * The points awarded go when fewer than ten people were awarded (one redemption among forty
 * customers is that one person's points), and so do the points redeemed.
 */
function publishRow(counts: WeekCounts): PublishedWeekRow {
  if (counts.customers < MIN_PEOPLE) return suppressed(counts.providerCode);
  const newCustomers = counts.customers - counts.repeatCustomers;
  const split = small(newCustomers) || small(counts.repeatCustomers);
  const elsewhere = counts.otherShopCustomers;
  const hidden = small(elsewhere) || small(counts.customers - elsewhere);
  return {
    providerCode: counts.providerCode,
    customers: counts.customers,
    newCustomers: split ? null : newCustomers,
    repeatCustomers: split ? null : counts.repeatCustomers,
    otherShopCustomers: hidden ? null : elsewhere,
    pointsAwarded: small(counts.awardedPeople) ? null : counts.pointsAwarded,
    pointsRedeemed: small(counts.redeemedPeople) ? null : counts.pointsRedeemed,
  };
}

/**
 * Whether the street's row would let a reader subtract a small group. A shop takes its own true
 * figures from the street's: the customers left are those who did not use it, and the rest is about
 * those who used another shop. The association takes every shown shop from the street and, if it
 * is a suppressed shop itself, its own true figures too: what is left is about the people of the
 * (other) suppressed shops, which is what each shop's smallShopPeople counts (for a shown shop,
 * every suppressed shop's people). So checking it for every shop covers the association, and a
 * shop's "used another shop" too: when those are fewer than ten, every other shop is suppressed
 * and they are that shop's smallShopPeople. (When every shop is suppressed and the association
 * is none of them, what is left is the street itself.)
 */
function streetLeaks(street: StreetCounts, shops: readonly WeekCounts[]): boolean {
  return shops.some(
    (shop) => small(street.customers - shop.customers) || small(shop.smallShopPeople),
  );
}

/**
 * Whether the street's points of one kind (awarded or redeemed) would let a reader subtract a small
 * group. Points add up across shops, so each subtraction is exact: the street less the shown shops
 * is the hidden shops' points (about the people of that kind there), less the association's own
 * too if it is a hidden shop (the other hidden shops'); the street less a shop's own is the other
 * shops' points (about the people of that kind elsewhere: when fewer than ten, every other shop's
 * cell is hidden and they are that shop's count). Each shop's count of the people of that kind at
 * hidden shops other than itself therefore covers every subtraction.
 */
function streetPointsLeak(shops: readonly WeekCounts[], kind: 'award' | 'redeem'): boolean {
  return shops.some((shop) =>
    small(kind === 'award' ? shop.smallAwardPeople : shop.smallRedeemPeople),
  );
}

/** The week's published rows: the street's first, then each shop's. */
export function publishWeek(
  street: StreetCounts,
  shops: readonly WeekCounts[],
): PublishedWeekRow[] {
  const streetRow = streetLeaks(street, shops)
    ? suppressed(street.providerCode)
    : publishRow(street);
  if (streetPointsLeak(shops, 'award')) streetRow.pointsAwarded = null;
  if (streetPointsLeak(shops, 'redeem')) streetRow.pointsRedeemed = null;
  return [streetRow, ...shops.map(publishRow)];
}
