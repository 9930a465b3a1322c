-- Points at the counter go with the card (issue 26): every operation carries the tapped card's
-- certificate and the platform takes the My Key ID bound to it. A programme may also ask for the
-- holder's PIN for a redemption of more points than this (the card signs the terminal's statement,
-- core/link-proof/statement.ts); NULL: never. Since 0019 the day counts: the holder's redemptions
-- in the programme today together with this one. Used PIN proofs go into used_link_proofs with the
-- link proofs (a digest of the signature, nothing else).
ALTER TABLE point_programmes
  ADD COLUMN redeem_pin_above integer CHECK (redeem_pin_above >= 0);
