#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the PostgreSQL tests (tests/pg) and benchmarks.
#   scripts/pg-test-server.sh start DIR   creates DIR, starts a server listening only on a unix
#                                         socket in DIR, and prints the connection string
#   scripts/pg-test-server.sh stop DIR    stops it and removes DIR
# The string names the role mb_admin (owner of the database merchbench_test, may create roles so
# that tests can make a role limited to INSERT/SELECT) with its password, so that the tests can
# check that the password is never printed or stored. initdb refuses to run as root: as root
# (CI on Debian bookworm) the cluster belongs to the unprivileged user "nobody".
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$2

bindir=""
if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    bindir=$(pg_config --bindir)
else
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$candidate/initdb" ]]; then
            bindir=$candidate
            break
        fi
    done
fi
if [[ -z "$bindir" ]]; then
    echo "pg-test-server: no PostgreSQL server found (install the Debian package postgresql)" >&2
    exit 1
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    as_owner=(runuser -u nobody --)
fi

port=5439  # only names the socket file: the server listens on no TCP address

case "$action" in
start)
    if [[ -e "$dir" ]]; then
        echo "pg-test-server: $dir already exists; stop it first or pick another folder" >&2
        exit 1
    fi
    mkdir -p "$dir"
    # The tests (root in CI) reach the socket through the folder; only the owner reads the data.
    chmod 755 "$dir"
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/pwfile"
    if [[ ${#as_owner[@]} -gt 0 ]]; then
        chown nobody "$dir" "$dir/pwfile"
    fi
    chmod 600 "$dir/pwfile"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
    }
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off" \
        start >/dev/null || {
        cat "$dir/server.log" >&2
        exit 1
    }
    PGPASSWORD=$password "$bindir/psql" -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" \
        -U postgres -d postgres >/dev/null <<SQL
CREATE ROLE mb_admin LOGIN CREATEROLE PASSWORD '$password';
CREATE DATABASE merchbench_test OWNER mb_admin;
SQL
    echo "postgresql://mb_admin:$password@/merchbench_test?host=$dir&port=$port"
    ;;
stop)
    if [[ -d "$dir/data" ]]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
