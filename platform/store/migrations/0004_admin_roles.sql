-- What an administrator may do. An operator runs the platform (catalogue, terminals, CRLs,
-- renewals); municipal window staff only finalise reserved My Key IDs (本登録), so a window PC
-- never holds a credential that could, say, revoke every terminal.
ALTER TABLE admins
  ADD COLUMN role text NOT NULL DEFAULT 'operator' CHECK (role IN ('operator', 'window'));
