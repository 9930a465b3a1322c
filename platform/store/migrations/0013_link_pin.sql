-- The 2024 rules for the card: an operator decides per service whether linking needs the holder's
-- PIN. Services that existed before keep working as they did (off); new services default to on.
ALTER TABLE services ADD COLUMN link_needs_pin boolean NOT NULL DEFAULT false;
ALTER TABLE services ALTER COLUMN link_needs_pin SET DEFAULT true;

-- A PIN proof (a card's signature over a terminal's statement) is used once. Only a digest of the
-- signature is kept, with no person, terminal, service or ID, and only until the proof would be
-- refused as too old anyway (72 hours and one); the hourly job deletes it then.
CREATE TABLE used_link_proofs (
  digest bytea PRIMARY KEY,
  forget_after timestamptz NOT NULL
);
CREATE INDEX used_link_proofs_forget ON used_link_proofs (forget_after);
