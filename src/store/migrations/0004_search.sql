-- orienta schema, version 4: search by any part of the surname or the name, and by e-mail.
-- A full-text index of trigrams over the citizens' surname, name and e-mail (accents and case
-- ignored), kept in step with the citizens table by triggers.

CREATE VIRTUAL TABLE citizens_search USING fts5(
    surname, name, email,
    content = 'citizens', content_rowid = 'id',
    tokenize = 'trigram remove_diacritics 1'
);
INSERT INTO citizens_search (citizens_search) VALUES ('rebuild');

CREATE TRIGGER citizens_search_insert AFTER INSERT ON citizens BEGIN
    INSERT INTO citizens_search (rowid, surname, name, email)
    VALUES (new.id, new.surname, new.name, new.email);
END;
CREATE TRIGGER citizens_search_delete AFTER DELETE ON citizens BEGIN
    INSERT INTO citizens_search (citizens_search, rowid, surname, name, email)
    VALUES ('delete', old.id, old.surname, old.name, old.email);
END;
CREATE TRIGGER citizens_search_update AFTER UPDATE OF surname, name, email ON citizens BEGIN
    INSERT INTO citizens_search (citizens_search, rowid, surname, name, email)
    VALUES ('delete', old.id, old.surname, old.name, old.email);
    INSERT INTO citizens_search (rowid, surname, name, email)
    VALUES (new.id, new.surname, new.name, new.email);
END;
