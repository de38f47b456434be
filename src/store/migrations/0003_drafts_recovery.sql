-- orienta schema, version 3: one draft per person, discarded drafts, recovery records.

-- A discarded draft keeps its rows (the audit log points at them) but is no longer a draft.
ALTER TABLE interviews ADD COLUMN discarded_at TEXT;
ALTER TABLE interviews ADD COLUMN discarded_by TEXT;

-- Earlier versions allowed two drafts for one person: the newest stays the draft, the older
-- ones are marked discarded (nothing is deleted).
UPDATE interviews SET discarded_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'),
                      discarded_by = 'orienta'
WHERE status = 'bozza'
  AND id NOT IN (SELECT max(id) FROM interviews WHERE status = 'bozza' GROUP BY citizen_id);

CREATE UNIQUE INDEX interviews_one_draft ON interviews (citizen_id)
WHERE status = 'bozza' AND discarded_at IS NULL;

-- What was typed but could not be saved when the session ended (hang-up, signal, busy or
-- conflicting database): offered back at the next opening of the same interview or form.
CREATE TABLE recovery (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER REFERENCES citizens (id),
    interview_id INTEGER REFERENCES interviews (id),
    operator TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX recovery_interview ON recovery (interview_id);
CREATE INDEX recovery_citizen ON recovery (citizen_id);
