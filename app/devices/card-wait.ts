/** How long a read waits for a card to land after 【読取】 or a step change (every screen's reads). */
export const CARD_WAIT_MS = 30_000;
