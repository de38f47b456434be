-- orienta schema, version 6: after the pact. Counselling sessions (A06), the person's history,
-- competences and skill gap analyses (A03), accompaniment to work (B03), group sessions.
-- Each record may carry out an action of the signed plan (action_id); rows are versioned like
-- every other mutable record.

-- Consulenza orientativa (A06): one row per session.
CREATE TABLE counselling_sessions (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    action_id INTEGER REFERENCES actions (id),
    held_on TEXT NOT NULL,
    operator TEXT NOT NULL,
    goals TEXT NOT NULL DEFAULT '',
    obstacles TEXT NOT NULL DEFAULT '',
    strategies TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    -- The session that ends the counselling: its action is then concluded.
    closes INTEGER NOT NULL DEFAULT 0 CHECK (closes IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX counselling_sessions_citizen ON counselling_sessions (citizen_id, held_on);

-- Bilancio di competenze (A03): the person's education, training and work history.
CREATE TABLE history_entries (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    kind TEXT NOT NULL CHECK (kind IN ('istruzione', 'formazione', 'lavoro')),
    title TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    from_date TEXT,
    to_date TEXT,
    tasks TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (title <> '')
);
CREATE INDEX history_entries_citizen ON history_entries (citizen_id);

-- The competence profile: what the person can do, with its evidence and level (1-4).
CREATE TABLE competences (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    -- Id in data/competenze.toml, or NULL for a competence typed freely.
    competence_id TEXT,
    name TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    evidence TEXT NOT NULL CHECK (evidence IN ('dichiarata', 'documentata', 'certificata')),
    -- Where it was gained (free text, e.g. the history entry).
    source TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (name <> '')
);
CREATE INDEX competences_citizen ON competences (citizen_id);

-- A comparison with a target profile: a propensione or a CP2021 profession.
CREATE TABLE skill_gap_analyses (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    action_id INTEGER REFERENCES actions (id),
    created_on TEXT NOT NULL,
    operator TEXT NOT NULL,
    propensity_id INTEGER REFERENCES propensities (id),
    target_cp2021 TEXT NOT NULL DEFAULT '',
    target_title TEXT NOT NULL DEFAULT '',
    -- The training need and the most suitable path, as the operator writes it.
    training_need TEXT NOT NULL DEFAULT '',
    closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX skill_gap_analyses_citizen ON skill_gap_analyses (citizen_id);

-- The competences the target profile requires, in order.
CREATE TABLE skill_gap_required (
    analysis_id INTEGER NOT NULL REFERENCES skill_gap_analyses (id),
    position INTEGER NOT NULL,
    competence_id TEXT,
    name TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    PRIMARY KEY (analysis_id, position)
) WITHOUT ROWID;

-- Accompagnamento al lavoro (B03): "a processo" while it runs, "a risultato" once the person is
-- hired (employer, its codice fiscale or partita IVA, hiring date, contract).
CREATE TABLE accompaniments (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    action_id INTEGER REFERENCES actions (id),
    started_on TEXT NOT NULL,
    operator TEXT NOT NULL,
    employer_name TEXT NOT NULL DEFAULT '',
    employer_code TEXT NOT NULL DEFAULT '',
    hired_on TEXT,
    contract_type TEXT NOT NULL DEFAULT '',
    contract_months INTEGER CHECK (contract_months IS NULL OR contract_months > 0),
    closed_on TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accompaniments_citizen ON accompaniments (citizen_id);

-- What happens while it runs: vacancies and companies proposed, interview preparation, offers.
CREATE TABLE accompaniment_events (
    id INTEGER PRIMARY KEY,
    accompaniment_id INTEGER NOT NULL REFERENCES accompaniments (id),
    kind TEXT NOT NULL CHECK (kind IN ('vacancy', 'azienda', 'preparazione', 'offerta')),
    on_date TEXT NOT NULL,
    company TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX accompaniment_events_parent ON accompaniment_events (accompaniment_id);

-- Group sessions (seminars, workshops: A06 or B03), recorded once.
CREATE TABLE group_sessions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    operator TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (topic <> '')
);
CREATE INDEX group_sessions_date ON group_sessions (held_on);

-- Who takes part: each participant gets an action in the plan; attendance marked per person
-- (NULL until marked).
CREATE TABLE group_participants (
    session_id INTEGER NOT NULL REFERENCES group_sessions (id),
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    action_id INTEGER REFERENCES actions (id),
    attended INTEGER CHECK (attended IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (session_id, citizen_id)
) WITHOUT ROWID;
CREATE INDEX group_participants_citizen ON group_participants (citizen_id);
