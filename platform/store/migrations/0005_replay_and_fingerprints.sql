-- Replay protection that outlives a restart and is shared by every platform process: a nonce is
-- kept until its signature could no longer be accepted (created + the allowed clock skew), then
-- purged. It names a terminal and a moment, never a person or what was asked.
CREATE TABLE seen_nonces (
  terminal_id text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX seen_nonces_expires_at ON seen_nonces (expires_at);

-- A keyed MAC of each operation's content (key id "." HMAC-SHA256), so that an operation id
-- resent with other content is refused instead of answered as applied. Keyed with a secret kept
-- outside the database: the column cannot be used to confirm which person's link was made where
-- and when. NULL for operations recorded before it existed.
ALTER TABLE sync_operations ADD COLUMN content_mac text;
