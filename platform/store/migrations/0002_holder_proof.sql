-- Proof that the card holder is present (公的個人認証).
-- A challenge belongs to the terminal that asked for it, is used once (deleted when used) and
-- expires within minutes; expired ones are purged. It names no person.
CREATE TABLE auth_challenges (
  id uuid PRIMARY KEY,
  terminal_id text NOT NULL REFERENCES terminals (id),
  challenge bytea NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX auth_challenges_expires_at ON auth_challenges (expires_at);

-- Certificate revocation, as loaded by operators from a CRL (J-LIS gives revocation status only
-- to registered verifiers, so where it comes from is the operator's choice). One row per issuer
-- for the list itself, one per revoked serial: a check is one indexed lookup.
CREATE TABLE crls (
  issuer text PRIMARY KEY,
  this_update timestamptz NOT NULL,
  next_update timestamptz,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  entries integer NOT NULL
);
CREATE TABLE revoked_certificates (
  issuer text NOT NULL REFERENCES crls (issuer) ON DELETE CASCADE,
  serial text NOT NULL,
  PRIMARY KEY (issuer, serial)
);
