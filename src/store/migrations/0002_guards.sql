-- orienta schema, version 2.
-- REPLACE (and INSERT OR REPLACE) removes the row it collides with without firing DELETE
-- triggers, so the append-only tables also refuse an insert that would collide.

CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log_append_only');
END;

CREATE TRIGGER pact_versions_no_replace BEFORE INSERT ON pact_versions
WHEN EXISTS (SELECT 1 FROM pact_versions WHERE id = NEW.id)
    OR EXISTS (SELECT 1 FROM pact_versions WHERE number = NEW.number AND version = NEW.version)
BEGIN
    SELECT RAISE(ABORT, 'pact_versions_immutable');
END;
