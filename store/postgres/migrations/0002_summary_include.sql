-- Let counts and sentiment summaries read the label from the time indexes
-- (index-only scans) instead of visiting every row.
DROP INDEX mentions_created_idx;
CREATE INDEX mentions_created_idx ON mentions (created_at DESC, id DESC)
    INCLUDE (sentiment_label) WHERE NOT deleted;
DROP INDEX mentions_brand_created_idx;
CREATE INDEX mentions_brand_created_idx ON mentions (brand, created_at DESC, id DESC)
    INCLUDE (sentiment_label) WHERE NOT deleted;
