-- The graph's duplicate-filter keys, packed: one row per save and filter
-- generation, its keys as 8-byte little-endian integers, instead of one
-- row per key (graph_seen, still read for graphs saved before). They were
-- a third of the rows a save wrote.
CREATE TABLE graph_seen_chunks (
    gen  bigint NOT NULL,
    keys bytea NOT NULL
);
CREATE INDEX graph_seen_chunks_gen_idx ON graph_seen_chunks (gen);
