#!/usr/bin/env bash
# The least time PostgreSQL itself needs for what an import must leave behind (issue 2; run on demand, never as a test):
#
#   bench/import-pg-floor.sh BUNDLE_DIR
#
# Imports the bundle with Reassess, copies its four tables out in PostgreSQL's binary form, then times loading those rows
# back, already parsed, checked and normalised, into a migrated database with the tables' primary keys, indexes and
# foreign keys dropped, and adding them again: in one transaction, as an import must (whole or nothing). That is the
# server's share alone, with a client that costs nothing. Beside it, `psql \copy` of the same CSV files into plain text
# tables, as in bench/import.sh (bench/pg-raw-load.sh). If the floor is more than twice the raw load, no client can reach a ratio of 0.5.
# Runs on a throwaway cluster (scripts/throwaway-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:?usage: bench/import-pg-floor.sh BUNDLE_DIR}
work=$(mktemp -d /tmp/reassess-pgfloor.XXXXXX)
# shellcheck source=../scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
# shellcheck source=pg-raw-load.sh
source bench/pg-raw-load.sh
trap 'rm -rf "$work"; throwaway_postgres_stop' EXIT
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
cli=(dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll)
port=$(grep -o 'Port=[0-9]*' <<<"$REASSESS_TEST_PG" | cut -d= -f2)
server="host=127.0.0.1 port=$port user=reassess"
db() { sed "s/Database=[^;]*/Database=$1/" <<<"$REASSESS_TEST_PG"; }
psql "$server dbname=postgres" -qc "CREATE DATABASE imported" -c "CREATE DATABASE floor" -c "CREATE DATABASE raw"
tables=(investigations people involvements identifiers)
in_tables="('investigations','people','involvements','identifiers')"

echo "importing $bundle with Reassess…"
"${cli[@]}" import "$bundle" --db "$(db imported)" >/dev/null 2>"$work/import.err" || { cat "$work/import.err"; exit 1; }
for t in "${tables[@]}"; do psql "$server dbname=imported" -qc "\\copy $t TO '$work/$t.bin' WITH (FORMAT binary)"; done

# A migrated database (the sample bundle's import migrates it), emptied, its keys, indexes and foreign keys noted and dropped.
floor="$server dbname=floor"
"${cli[@]}" import samples/bundle --db "$(db floor)" >/dev/null 2>"$work/import.err" || { cat "$work/import.err"; exit 1; }
psql "$floor" -qc "SET client_min_messages = warning" -c "TRUNCATE investigations, people, involvements, identifiers CASCADE"
q() { psql "$floor" -Atc "$1"; }
q "select 'ALTER TABLE '||conrelid::regclass||' ADD CONSTRAINT '||conname||' '||pg_get_constraintdef(oid)||';' from pg_constraint where conrelid::regclass::text in $in_tables and contype = 'p'" > "$work/add.sql"
q "select indexdef||';' from pg_indexes where tablename in $in_tables and indexname not in (select conname from pg_constraint where contype = 'p')" >> "$work/add.sql"
q "select 'ALTER TABLE '||conrelid::regclass||' ADD CONSTRAINT '||conname||' '||pg_get_constraintdef(oid)||';' from pg_constraint where contype = 'f' and (conrelid::regclass::text in $in_tables or confrelid::regclass::text in $in_tables)" >> "$work/add.sql"
{
  q "select 'ALTER TABLE '||conrelid::regclass||' DROP CONSTRAINT '||conname||';' from pg_constraint where contype = 'f' and (conrelid::regclass::text in $in_tables or confrelid::regclass::text in $in_tables)"
  q "select 'DROP INDEX '||indexname||';' from pg_indexes where tablename in $in_tables and indexname not in (select conname from pg_constraint where contype = 'p')"
  q "select 'ALTER TABLE '||conrelid::regclass||' DROP CONSTRAINT '||conname||';' from pg_constraint where conrelid::regclass::text in $in_tables and contype = 'p'"
} > "$work/drop.sql"
psql "$floor" -q -f "$work/drop.sql"
{
  echo 'BEGIN;'
  for t in "${tables[@]}"; do echo "\\copy $t FROM '$work/$t.bin' WITH (FORMAT binary)"; done
  cat "$work/add.sql"
  echo 'COMMIT;'
} > "$work/load.sql"
echo "restoring $(grep -c '^ALTER TABLE\|^CREATE' "$work/add.sql") keys, indexes and foreign keys after the load"

now() { date +%s.%N; }
files=(investigations people involvements)
[ -f "$bundle/identifiers.csv" ] && files+=(identifiers)
pg_raw_tables "$server dbname=raw" "$bundle" "${files[@]}"
t0=$(now)
pg_raw_copy "$server dbname=raw" "$bundle" "${files[@]}"
t1=$(now)
psql "$floor" -q -v ON_ERROR_STOP=1 -f "$work/load.sql"
t2=$(now)
python3 -c "import sys; r, f = float(sys.argv[1]), float(sys.argv[2]); print(f'raw \\\\copy {r:.2f} s; server floor {f:.2f} s; best possible ratio {r / f:.2f} (target >= 0.5) on $(nproc) cores')" \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
