#!/usr/bin/env bash
# pg.sh starts and stops a local, throwaway or persistent Postgres cluster for
# tests and the demo.
#
#   scripts/pg.sh start DATADIR   start (or reuse) the cluster kept in DATADIR and
#                                 print its DATABASE_URL on stdout
#   scripts/pg.sh stop DATADIR    stop it
#   scripts/pg.sh url DATADIR     print the DATABASE_URL of a running cluster
#
# DATADIR holds the cluster (pgdata/), its port (port), the Unix socket
# (sock/) and the server log (postgres.log). The server listens on 127.0.0.1
# only, on a free port chosen at first start and reused afterwards when it is
# still free, and trusts local connections: it is for development only. New
# ports are picked outside the kernel's ephemeral port range, so that an
# outgoing connection cannot take one between the check and the bind; if the
# bind still fails with "Address already in use", another port is tried.
#
# When the Postgres binaries (initdb, pg_ctl) are neither in PATH nor under
# /usr/lib/postgresql/*/bin, they are installed with apt-get (as root). As root,
# the server runs as the "postgres" user, which must be able to reach DATADIR:
# the script gives DATADIR to that user and makes its parent directories
# traversable (o+x) when they are not.
#
# Progress goes to stderr; only the URL goes to stdout. Running start twice is
# harmless: the second run finds the server up and prints the same URL.
set -euo pipefail

DBNAME=socialcrm
PGUSER_NAME=postgres

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() {
	printf 'pg.sh: error: %s\n' "$*" >&2
	exit 1
}

usage() {
	cat >&2 <<'EOF'
Usage: scripts/pg.sh start DATADIR   start (or reuse) a local Postgres, print its DATABASE_URL
       scripts/pg.sh stop DATADIR    stop it
       scripts/pg.sh url DATADIR     print the DATABASE_URL of the running cluster
EOF
	exit 2
}

# find_bindir prints the directory holding initdb and pg_ctl, or nothing.
find_bindir() {
	local p d
	if p=$(command -v pg_ctl 2>/dev/null); then
		d=$(dirname "$(readlink -f "$p")")
		if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
			echo "$d"
			return
		fi
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
			echo "$d"
			return
		fi
	done
}

install_postgres() {
	if [[ $(id -u) -ne 0 ]]; then
		die "Postgres binaries (initdb, pg_ctl) not found; install the postgresql package (as root: apt-get install -y postgresql)"
	fi
	command -v apt-get >/dev/null || die "Postgres binaries (initdb, pg_ctl) not found and apt-get is not available; install Postgres 15 by hand"
	log "installing postgresql with apt-get"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2 || die "apt-get update failed"
	apt-get install -y postgresql >&2 || die "apt-get install -y postgresql failed"
}

# as_owner runs a command as the user that owns the cluster.
as_owner() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u "$PGUSER_NAME" -- "$@"
	else
		"$@"
	fi
}

# prepare_dir creates DATADIR and, as root, hands it to the postgres user and
# makes sure that user can reach it.
prepare_dir() {
	mkdir -p "$DATADIR"
	DATADIR=$(cd "$DATADIR" && pwd -P)
	[[ $(id -u) -eq 0 ]] || return 0
	if ! id "$PGUSER_NAME" >/dev/null 2>&1; then
		log "creating system user $PGUSER_NAME to run the server"
		useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_NAME" ||
			die "user $PGUSER_NAME does not exist and cannot be created; run as a non-root user instead"
	fi
	chown "$PGUSER_NAME:" "$DATADIR"
	local d=$DATADIR
	while [[ $d != / ]]; do
		d=$(dirname "$d")
		if ! runuser -u "$PGUSER_NAME" -- test -x "$d"; then
			log "making $d traversable (o+x) so that user $PGUSER_NAME can reach $DATADIR"
			chmod o+x "$d" || die "cannot make $d traversable for user $PGUSER_NAME; choose a DATADIR that user can reach"
		fi
	done
	runuser -u "$PGUSER_NAME" -- test -w "$DATADIR" || die "user $PGUSER_NAME cannot write to $DATADIR"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# port_range prints the lowest and highest port to pick from: below the
# kernel's ephemeral range (ip_local_port_range), so that no outgoing
# connection can take the port between the check and the server's bind;
# above it when the range starts too low.
port_range() {
	local lo=32768 hi=60999
	if [[ -r /proc/sys/net/ipv4/ip_local_port_range ]]; then
		read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
	fi
	if ((lo > 11000)); then
		echo "10000 $((lo - 1))"
	elif ((hi < 64000)); then
		echo "$((hi + 1)) 65535"
	else
		echo "1024 65535" # no room outside the ephemeral range; the start retries
	fi
}

# pick_port prints the port of the last start when it is free (and not
# in $1, a space-separated list of ports that failed), else a free one.
pick_port() {
	local p lo hi avoid=" ${1:-} "
	if [[ -s $DATADIR/port ]]; then
		p=$(<"$DATADIR/port")
		if [[ $avoid != *" $p "* ]] && port_free "$p"; then
			echo "$p"
			return
		fi
		[[ $avoid == *" $p "* ]] || log "port $p is taken now, picking another"
	fi
	read -r lo hi < <(port_range)
	for _ in $(seq 1 200); do
		p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
		if [[ $avoid != *" $p "* ]] && port_free "$p"; then
			echo "$p"
			return
		fi
	done
	die "no free TCP port found on 127.0.0.1 between $lo and $hi"
}

url() { echo "postgres://$PGUSER_NAME@127.0.0.1:$1/$DBNAME?sslmode=disable"; }

running() { as_owner "$BINDIR/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

init_cluster() {
	[[ -s $PGDATA/PG_VERSION ]] && return 0
	local locale=C
	if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
		locale=C.UTF-8
	fi
	log "creating a new cluster in $PGDATA"
	as_owner "$BINDIR/initdb" -D "$PGDATA" -U "$PGUSER_NAME" --auth=trust \
		--encoding=UTF8 --locale="$locale" >"$DATADIR/initdb.log" 2>&1 ||
		{
			tail -n 20 "$DATADIR/initdb.log" >&2
			die "initdb failed (log: $DATADIR/initdb.log)"
		}
}

# start_server starts the server on port $1. It returns 2 when the port
# turned out to be taken (the caller picks another), and dies on other
# failures.
start_server() {
	local port=$1 logfile=$DATADIR/postgres.log
	log "starting Postgres on 127.0.0.1:$port"
	as_owner mkdir -p "$DATADIR/sock"
	local before=0
	[[ -f $logfile ]] && before=$(wc -l <"$logfile")
	if ! as_owner "$BINDIR/pg_ctl" -D "$PGDATA" -l "$logfile" -w -t 60 \
		-o "-p $port -k $DATADIR/sock -c listen_addresses=127.0.0.1 -c max_connections=200" \
		start >&2 9>&-; then
		if tail -n +"$((before + 1))" "$logfile" 2>/dev/null | grep -q "Address already in use"; then
			log "port $port was free when checked but taken when Postgres bound it (Address already in use)"
			return 2
		fi
		tail -n 20 "$logfile" >&2 || true
		die "Postgres did not start on 127.0.0.1:$port (log: $logfile)"
	fi
	echo "$port" | as_owner tee "$DATADIR/port" >/dev/null
}

wait_ready() {
	local port=$1
	for _ in $(seq 1 60); do
		if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PGUSER_NAME"; then
			return 0
		fi
		sleep 1
	done
	die "Postgres on 127.0.0.1:$port is not ready after 60 s (log: $DATADIR/postgres.log)"
}

create_db() {
	local port=$1 psql=("$BINDIR/psql" -X -q -h 127.0.0.1 -p "$1" -U "$PGUSER_NAME" -d postgres -v ON_ERROR_STOP=1)
	if [[ $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'") != 1 ]]; then
		log "creating database $DBNAME"
		"${psql[@]}" -c "CREATE DATABASE $DBNAME" >&2 || die "cannot create database $DBNAME"
	fi
}

cmd_start() {
	BINDIR=$(find_bindir)
	if [[ -z $BINDIR ]]; then
		install_postgres
		BINDIR=$(find_bindir)
		[[ -n $BINDIR ]] || die "Postgres binaries still not found after installing postgresql"
	fi
	prepare_dir
	PGDATA=$DATADIR/pgdata
	exec 9>>"$DATADIR/pg.lock"
	flock 9 2>/dev/null || true
	init_cluster
	local port
	if running; then
		port=$(<"$DATADIR/port")
		log "Postgres already running on 127.0.0.1:$port"
	else
		local failed="" rc
		for attempt in 1 2 3 4 5; do
			port=$(pick_port "$failed")
			rc=0
			start_server "$port" || rc=$?
			((rc == 0)) && break
			failed="$failed $port"
			((attempt < 5)) || die "Postgres could not bind any of the ports tried ($failed): each was taken between the check and the bind; free some ports or set a fixed one in $DATADIR/port"
		done
	fi
	wait_ready "$port"
	create_db "$port"
	url "$port"
}

cmd_stop() {
	BINDIR=$(find_bindir)
	[[ -n $BINDIR ]] || die "Postgres binaries (pg_ctl) not found"
	[[ -d $DATADIR ]] || die "$DATADIR does not exist"
	DATADIR=$(cd "$DATADIR" && pwd -P)
	PGDATA=$DATADIR/pgdata
	if ! running; then
		log "Postgres in $PGDATA is not running"
		return 0
	fi
	as_owner "$BINDIR/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >&2 || die "pg_ctl stop failed"
}

cmd_url() {
	BINDIR=$(find_bindir)
	[[ -n $BINDIR ]] || die "Postgres binaries (pg_ctl) not found"
	DATADIR=$(cd "$DATADIR" 2>/dev/null && pwd -P) || die "$DATADIR does not exist"
	PGDATA=$DATADIR/pgdata
	running || die "Postgres in $PGDATA is not running (run: scripts/pg.sh start $DATADIR)"
	url "$(<"$DATADIR/port")"
}

[[ $# -eq 2 ]] || usage
DATADIR=$2
case $1 in
start) cmd_start ;;
stop) cmd_stop ;;
url) cmd_url ;;
*) usage ;;
esac
