-- The platform holds links, not histories (source: 「図書の貸出し履歴や物品の購入履歴等の情報は
-- 保有できない」). Tables about people (my_keys, custom_reservations, links) carry no terminal,
-- no timestamp of use and no counter: nothing here says where or when a card was used.

CREATE TABLE municipalities (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE providers (
  code text PRIMARY KEY,
  municipality_code text NOT NULL REFERENCES municipalities (code),
  name text NOT NULL
);

CREATE TABLE services (
  code text PRIMARY KEY,
  provider_code text NOT NULL REFERENCES providers (code),
  name text NOT NULL
);

CREATE TABLE admins (
  id text PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE terminals (
  id text PRIMARY KEY,
  provider_code text NOT NULL REFERENCES providers (code),
  name text NOT NULL,
  -- One-time: cleared when the terminal enrols.
  enrolment_code_hash text UNIQUE,
  enrolment_expires_at timestamptz,
  public_key_jwk jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  enrolled_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX terminals_provider ON terminals (provider_code);

-- A registered My Key ID, bound to the auth certificate that carries it (issuer and serial only:
-- the certificate holds no name or address, and the My Number is never read).
CREATE TABLE my_keys (
  my_key_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('default', 'custom')),
  certificate_issuer text NOT NULL,
  certificate_serial text NOT NULL,
  UNIQUE (certificate_issuer, certificate_serial)
);

-- 仮登録: a custom ID held for the citizen until the municipal window reissues the certificate.
CREATE TABLE custom_reservations (
  my_key_id text PRIMARY KEY,
  certificate_issuer text NOT NULL,
  certificate_serial text NOT NULL,
  expires_at timestamptz NOT NULL,
  UNIQUE (certificate_issuer, certificate_serial)
);

-- サービスID連携: (myKeyId, serviceCode) → serviceId, unique both ways.
CREATE TABLE links (
  my_key_id text NOT NULL REFERENCES my_keys (my_key_id) ON UPDATE CASCADE ON DELETE CASCADE,
  service_code text NOT NULL REFERENCES services (code),
  service_id text NOT NULL,
  PRIMARY KEY (my_key_id, service_code),
  UNIQUE (service_code, service_id)
);

-- Exactly-once for offline terminals. The result holds an outcome or an error code, never the
-- operation's My Key ID or service ID, and only the day it was recorded (for the retention purge).
CREATE TABLE sync_operations (
  terminal_id text NOT NULL REFERENCES terminals (id),
  operation_id uuid NOT NULL,
  result jsonb NOT NULL,
  recorded_on date NOT NULL DEFAULT current_date,
  PRIMARY KEY (terminal_id, operation_id)
);
CREATE INDEX sync_operations_recorded_on ON sync_operations (recorded_on);
