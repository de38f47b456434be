-- orienta schema, version 1.
-- Every mutable table carries `version`, bumped on each write, for optimistic concurrency.

CREATE TABLE citizens (
    id INTEGER PRIMARY KEY,
    codice_fiscale TEXT NOT NULL UNIQUE,
    surname TEXT NOT NULL,
    name TEXT NOT NULL,
    -- Upper case, no accents, letters and digits only: what prefix search compares.
    surname_key TEXT NOT NULL,
    sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date TEXT NOT NULL,
    birth_place TEXT NOT NULL DEFAULT '',
    citizenship TEXT NOT NULL DEFAULT '' CHECK (citizenship IN ('', 'italiana', 'ue', 'extra_ue')),
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    household TEXT NOT NULL DEFAULT '',
    education TEXT NOT NULL DEFAULT '',
    employment TEXT NOT NULL DEFAULT '',
    did_date TEXT,
    income_support TEXT NOT NULL DEFAULT '',
    quantitative_class INTEGER CHECK (quantitative_class IN (1, 2, 3)),
    -- Space-separated ids from data/categorie.toml.
    special_categories TEXT NOT NULL DEFAULT '',
    synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX citizens_surname_key ON citizens (surname_key, name);

CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    kind TEXT NOT NULL CHECK (kind IN ('did150', 'altro')),
    operator TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    status TEXT NOT NULL DEFAULT 'bozza' CHECK (status IN ('bozza', 'chiusa')),
    phase INTEGER NOT NULL DEFAULT 1 CHECK (phase IN (1, 2, 3)),
    -- Fase informativa.
    info_items TEXT NOT NULL DEFAULT '',
    expectations TEXT NOT NULL DEFAULT '',
    -- Fase di analisi.
    plafond_target TEXT,
    plafond_points INTEGER,
    plafond_note TEXT NOT NULL DEFAULT '',
    final_note TEXT NOT NULL DEFAULT '',
    social_services_involved INTEGER CHECK (social_services_involved IN (0, 1)),
    fragility_note TEXT NOT NULL DEFAULT '',
    proposed_path INTEGER,
    final_path INTEGER,
    override_path INTEGER,
    override_category TEXT,
    override_note TEXT NOT NULL DEFAULT '',
    -- Definizione del patto (art. 20 D.lgs. 150/2015).
    psp_responsible TEXT NOT NULL DEFAULT '',
    contact_frequency TEXT NOT NULL DEFAULT '',
    search_proof TEXT NOT NULL DEFAULT '',
    available_workshops INTEGER CHECK (available_workshops IN (0, 1)),
    available_training INTEGER CHECK (available_training IN (0, 1)),
    available_offers INTEGER CHECK (available_offers IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interviews_citizen ON interviews (citizen_id, started_at);

CREATE TABLE interview_answers (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    area_id TEXT NOT NULL,
    option_index INTEGER CHECK (option_index >= 0),
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interview_id, area_id)
) WITHOUT ROWID;

CREATE TABLE interview_checklist (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    dimension_id TEXT NOT NULL,
    rating TEXT,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interview_id, dimension_id)
) WITHOUT ROWID;

CREATE TABLE propensities (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    interview_id INTEGER REFERENCES interviews (id),
    cp2021_code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    from_work INTEGER NOT NULL DEFAULT 0,
    from_education INTEGER NOT NULL DEFAULT 0,
    from_training INTEGER NOT NULL DEFAULT 0,
    from_aptitude INTEGER NOT NULL DEFAULT 0,
    interview_date TEXT NOT NULL,
    sep_id INTEGER,
    skills TEXT NOT NULL DEFAULT '',
    years_experience INTEGER,
    last_year INTEGER,
    availability TEXT NOT NULL DEFAULT '',
    licences TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (cp2021_code <> '' OR title <> ''),
    CHECK (from_work + from_education + from_training + from_aptitude > 0)
);
CREATE INDEX propensities_citizen ON propensities (citizen_id);
-- At most 3 propensioni per person, whoever writes.
CREATE TRIGGER propensities_at_most_three BEFORE INSERT ON propensities
WHEN (SELECT count(*) FROM propensities WHERE citizen_id = NEW.citizen_id) >= 3
BEGIN
    SELECT RAISE(ABORT, 'propensities_limit');
END;

CREATE TABLE cv_records (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    interview_id INTEGER REFERENCES interviews (id),
    filed_on TEXT NOT NULL,
    consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
    -- Space-separated province codes.
    provinces TEXT NOT NULL DEFAULT '',
    pdf_path TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cv_records_citizen ON cv_records (citizen_id, filed_on);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interviews (id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('cpi', 'rete', 'autonoma')),
    description TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'programmata'
        CHECK (status IN ('programmata', 'in_corso', 'conclusa', 'annullata')),
    outcome TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX actions_interview ON actions (interview_id);

-- Each signed Patto di Servizio, as signed. Never changed: a change is a new version.
CREATE TABLE pact_versions (
    id INTEGER PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens (id),
    interview_id INTEGER NOT NULL REFERENCES interviews (id),
    number TEXT NOT NULL,
    version INTEGER NOT NULL,
    signed_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (number, version)
);
CREATE INDEX pact_versions_citizen ON pact_versions (citizen_id, version);
CREATE TRIGGER pact_versions_no_update BEFORE UPDATE ON pact_versions
BEGIN
    SELECT RAISE(ABORT, 'pact_versions_immutable');
END;
CREATE TRIGGER pact_versions_no_delete BEFORE DELETE ON pact_versions
BEGIN
    SELECT RAISE(ABORT, 'pact_versions_immutable');
END;

-- Who changed what, when. Append-only.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    citizen_id INTEGER,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX audit_log_citizen ON audit_log (citizen_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log_append_only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log_append_only');
END;
