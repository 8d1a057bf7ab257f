-- The relationship graph as rows, saved incrementally: one row per node
-- and per pair of nodes (a < b in byte order), so that a save writes only
-- what changed. Its small meta blob (totals, brand and channel interning,
-- erased keys) stays in state under graph/meta.
CREATE TABLE graph_nodes (
    seq       bigint NOT NULL, -- the node's place in the graph, kept on restore
    key       text COLLATE "C" PRIMARY KEY,
    followers integer NOT NULL DEFAULT 0,
    brands    bigint NOT NULL DEFAULT 0
);

CREATE TABLE graph_pairs (
    seq      bigint NOT NULL, -- the pair's place in the graph, kept on restore
    a        text COLLATE "C" NOT NULL,
    b        text COLLATE "C" NOT NULL,
    n0       bigint NOT NULL,
    n1       bigint NOT NULL,
    w0       double precision NOT NULL,
    w1       double precision NOT NULL,
    k0       integer NOT NULL,
    k1       integer NOT NULL,
    chans    bigint NOT NULL,
    first_at bigint NOT NULL,
    last_at  bigint NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX graph_pairs_b_idx ON graph_pairs (b);

-- Keys of the graph's duplicate filter (hashes of recent interactions),
-- by filter generation: two generations are kept.
CREATE TABLE graph_seen (
    k   bigint NOT NULL,
    gen bigint NOT NULL
);
CREATE INDEX graph_seen_gen_idx ON graph_seen (gen);
