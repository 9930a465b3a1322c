/**
 * 顧客分析: what a week's figures may show. The platform counts a week's customers per shop and for
 * the whole street, then publishes only what cannot point at fewer than ten people: not a cell
 * itself, and not a difference a reader could take between cells they see. Suppressed cells are
 * null; only the published figures are ever stored.
 *
 * The readers: a shop's staff see their shop's row and the street's; the street's association sees
 * every shop's row and the street's. Every row is published so that even the association, and
 * every shop that knows its own true figures, can subtract nothing small.
 */
export const MIN_PEOPLE = 10;

/** A week's raw counts for one shop ('' for the street). Never stored, never shown. */
export interface WeekCounts {
  providerCode: string;
  customers: number;
  repeatCustomers: number;
  /** Customers who also used another shop of the street that week (street: two or more shops). */
  otherShopCustomers: number;
  pointsAwarded: number;
  pointsRedeemed: number;
}

/** The street's counts, with how many people used a shop whose row is suppressed. */
export interface StreetCounts extends WeekCounts {
  smallShopPeople: number;
}

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
    pointsAwarded: counts.pointsAwarded,
    pointsRedeemed: counts.pointsRedeemed,
  };
}

/**
 * Whether the street's row would let a reader subtract a small group: the association, the street's
 * figures less every shown shop (the people of the suppressed shops); a shop, the street's figures
 * less its own (the people who used any other shop, and the street's customers who did not use it).
 */
function streetLeaks(street: StreetCounts, shops: readonly WeekCounts[]): boolean {
  if (small(street.smallShopPeople)) return true;
  return shops.some((shop) => {
    const onlyHere = shop.customers - shop.otherShopCustomers;
    return small(street.customers - shop.customers) || small(street.customers - onlyHere);
  });
}

/** The week's published rows: the street's first, then each shop's. */
export function publishWeek(
  street: StreetCounts,
  shops: readonly WeekCounts[],
): PublishedWeekRow[] {
  const streetRow = streetLeaks(street, shops)
    ? suppressed(street.providerCode)
    : publishRow(street);
  return [streetRow, ...shops.map(publishRow)];
}
