#!/usr/bin/env bash
# Sourced by test.sh and the benchmarks: starts a throwaway PostgreSQL cluster on 127.0.0.1 (a free port, a temporary
# folder, trust authentication for the user `reassess`), stops and removes it on exit, and exports REASSESS_TEST_PG.
# Tuned for throwaway use (fsync off); never for data that matters.
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
pgdir=$(mktemp -d /tmp/reassess-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
runas=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$pgdir"
  runas=(runuser -u postgres --)
fi
throwaway_postgres_stop() {
  "${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap throwaway_postgres_stop EXIT
"${runas[@]}" "$pgbin/initdb" -D "$pgdir/data" -U reassess --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${runas[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-h 127.0.0.1 -p $pgport -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export REASSESS_TEST_PG="Host=127.0.0.1;Port=$pgport;Username=reassess;Database=postgres;Pooling=false"
