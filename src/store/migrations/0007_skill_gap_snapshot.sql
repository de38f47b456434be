-- orienta schema, version 7: a concluded skill gap analysis keeps the competence profile it
-- was concluded with, so its comparison no longer changes when the profile does.

-- JSON list of the competences possessed when the analysis was concluded (NULL while open).
ALTER TABLE skill_gap_analyses ADD COLUMN possessed_at_close TEXT;
