-- A CRL belongs to the CA key that signed it, not to the issuer's name: JPKI keeps the same name
-- across CA key generations, and during an overlap both are trusted, so keying by name let one
-- generation's CRL replace the other's. Lists are keyed by the SHA-256 of the signing CA's public
-- key (SubjectPublicKeyInfo) from now on. Loaded lists cannot be re-keyed here (the key is not in
-- the old rows), so they are dropped: load the CRLs again after upgrading (`crl refresh` with
-- MYKEY_CRL_SOURCES, or `crl load`).
DROP TABLE revoked_certificates;
DROP TABLE crls;

CREATE TABLE crls (
  ca_key text PRIMARY KEY,
  issuer text NOT NULL,
  this_update timestamptz NOT NULL,
  next_update timestamptz,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  entries integer NOT NULL
);
CREATE TABLE revoked_certificates (
  ca_key text NOT NULL REFERENCES crls (ca_key) ON DELETE CASCADE,
  serial text NOT NULL,
  PRIMARY KEY (ca_key, serial)
);
