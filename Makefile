# socialcrm — the two commands a newcomer needs are `make demo` and `make test`.
GO      ?= go
BIN     := bin/socialcrm
ADDR    ?= 127.0.0.1:8080
PGDATA  ?= data/pg
BROKERDATA ?= data/broker

.PHONY: all build demo test vet bench models clean pg-stop

all: build

build:
	$(GO) build -o $(BIN) ./cmd/socialcrm

# Runs the whole product on the embedded broker with a persistent local
# Postgres under $(PGDATA) (started or reused), and prints the URL. The
# broker keeps its log beside it, so that a crash loses nothing.
demo: build
	@url=$$(scripts/pg.sh start $(PGDATA)) && \
	DATABASE_URL="$$url" ./$(BIN) demo --addr $(ADDR) --broker-data $(BROKERDATA)

# All tests, Postgres and browser included (see scripts/test.sh).
test:
	scripts/test.sh

vet:
	$(GO) vet ./...
	gofmt -l . | (! grep .)

bench: build
	./$(BIN) bench pipeline --mentions 200000

# Rebuilds the committed sentiment models from the labelled data in
# ../shared/data (not part of the repository); reproducible byte for byte.
DATA ?= ../shared/data/sentiment
models:
	$(GO) run ./cmd/socialcrm train sentiment --data $(DATA) --lang en --out sentiment/models/en.model
	$(GO) run ./cmd/socialcrm train sentiment --data $(DATA) --lang it --out sentiment/models/it.model

pg-stop:
	scripts/pg.sh stop $(PGDATA)

clean:
	rm -rf bin
