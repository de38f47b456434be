-- orienta schema, version 5: the pact's life after signing. The person's acceptance of a printed
-- or sent copy, the instrument that produced each assessment, the person's agreement to a change
-- of percorso, versions that start from the previous one, follow-up of the plan, CV files.

-- Which instrument (name, version and SHA-256 of its file) produced the interview's scores.
ALTER TABLE interviews ADD COLUMN instrument TEXT NOT NULL DEFAULT '';
-- The person agreed to the change of percorso (required for it to count).
ALTER TABLE interviews ADD COLUMN override_agreed INTEGER CHECK (override_agreed IN (0, 1));
-- The signed pact version this interview started from (NULL: the first pact).
ALTER TABLE interviews ADD COLUMN carried_from_pact INTEGER REFERENCES pact_versions (id);

-- The action of the previous version this one continues (same action, carried over).
ALTER TABLE actions ADD COLUMN carried_from INTEGER REFERENCES actions (id);
-- When the action actually started and ended (follow-up), next to its due date.
ALTER TABLE actions ADD COLUMN started_on TEXT;
ALTER TABLE actions ADD COLUMN ended_on TEXT;
-- Recorded by the signing itself (150, A05, A07/A08), not typed in the plan.
ALTER TABLE actions ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1));
CREATE INDEX actions_due ON actions (due_date) WHERE status IN ('programmata', 'in_corso');

-- The person's acceptance of a signed version: a copy was printed and signed, or sent as PDF.
-- Append-only, at most one per version.
CREATE TABLE pact_acceptances (
    id INTEGER PRIMARY KEY,
    pact_version_id INTEGER NOT NULL UNIQUE REFERENCES pact_versions (id),
    accepted_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('firma', 'pdf'))
);
CREATE TRIGGER pact_acceptances_no_update BEFORE UPDATE ON pact_acceptances
BEGIN
    SELECT RAISE(ABORT, 'pact_acceptances_immutable');
END;
CREATE TRIGGER pact_acceptances_no_delete BEFORE DELETE ON pact_acceptances
BEGIN
    SELECT RAISE(ABORT, 'pact_acceptances_immutable');
END;

-- CV files by content: the bytes of the PDF and their SHA-256, stored once.
CREATE TABLE cv_files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL
) WITHOUT ROWID;
ALTER TABLE cv_records ADD COLUMN pdf_sha256 TEXT REFERENCES cv_files (sha256);
ALTER TABLE cv_records ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The same file is filed once per person: saving again updates the record.
CREATE UNIQUE INDEX cv_records_file ON cv_records (citizen_id, pdf_sha256)
WHERE pdf_sha256 IS NOT NULL;
