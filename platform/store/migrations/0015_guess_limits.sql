-- Wrong-code limits (issue 26): the enrolment codes one address may try, and the coupon and
-- 連携コード guesses of one kiosk, counted here before the code is checked, so every process of a
-- fleet sees the same count and a burst sent at once cannot outrun it.
--
-- A row is a scope (what is guessed), a keyed MAC of who guesses (a client address or a kiosk's
-- terminal id, under the operation key, which lives outside the database: a reader of this table
-- cannot tell which address or kiosk it is), when its window ends (milliseconds since the epoch,
-- on the platform's clock) and the attempts counted in it. Never a code. A try that turns out not
-- to be a guess is given back, and a row whose count is back to 0 is deleted at once, so a right
-- code leaves nothing; expired windows are deleted every minute by a request and every hour by
-- the job.
CREATE TABLE guess_counts (
  scope text NOT NULL,
  key_mac text NOT NULL,
  window_ends_ms bigint NOT NULL,
  count integer NOT NULL CHECK (count > 0),
  PRIMARY KEY (scope, key_mac)
);

CREATE INDEX guess_counts_window_ends ON guess_counts (window_ends_ms);
