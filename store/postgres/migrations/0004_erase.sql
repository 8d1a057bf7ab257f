-- GDPR erasure removes the cases an author opened before (or without)
-- being a contact: find them by the author key kept in the document.
CREATE INDEX cases_author_idx ON cases ((doc->>'author'));
