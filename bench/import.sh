#!/usr/bin/env bash
# Import benchmark (issue 2): Reassess's import (validating, normalising, indexing, history) against the engines' own raw
# loaders on the same CSV files: sqlite3 `.import` into plain tables, and psql `\copy` into plain tables.
# Prints each time and the throughput ratio (raw time / Reassess time; target ≥ 0.5).
#
#   bench/import.sh BUNDLE_DIR                 an existing bundle (e.g. from `reassess synth --scale 1000000`)
#   bench/import.sh --synth N                  generate N investigations first with `reassess synth`
#   PG="Host=127.0.0.1;Port=5432;Username=…;Database=postgres" bench/import.sh …   also PostgreSQL (psql must reach it)
#   PG=throwaway bench/import.sh …             also PostgreSQL, on a throwaway cluster started for the run
#   REASSESS_IMPORT_TIMINGS=1 bench/import.sh …  also print the import's phase timings (of the last round)
#   ROUNDS=5 bench/import.sh …                 rounds of raw load then Reassess, alternating (default 3)
# Each round is printed with the load average at its end (the machine may be shared), then the median of the rounds'
# ratios: on a 2-core VM the same build varies by ±5% from run to run, more than many changes worth measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=pg-raw-load.sh
source bench/pg-raw-load.sh
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
work=$(mktemp -d /tmp/reassess-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "${PG:-}" = throwaway ]; then
  # shellcheck source=../scripts/throwaway-postgres.sh
  source scripts/throwaway-postgres.sh
  trap 'rm -rf "$work"; throwaway_postgres_stop' EXIT
  PG=$REASSESS_TEST_PG
fi
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
cli=(dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll)

if [ "${1:-}" = "--synth" ]; then
  bundle="$work/bundle"
  echo "generating ${2} investigations…"
  "${cli[@]}" synth --out "$bundle" --scale "$2" --seed 7 >/dev/null
else
  bundle=${1:?usage: bench/import.sh BUNDLE_DIR | --synth N}
fi
files=(investigations people involvements)
[ -f "$bundle/identifiers.csv" ] && files+=(identifiers)
rows=0; for f in "${files[@]}"; do rows=$((rows + $(wc -l < "$bundle/$f.csv") - 1)); done
echo "bundle: $bundle ($rows data rows in ${files[*]}); machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB"

now() { date +%s.%N; }
load() { echo "  (load average $(cut -d' ' -f1-3 /proc/loadavg))"; }
timings() { [ -z "${REASSESS_IMPORT_TIMINGS:-}" ] || grep '^\[import\]' "$work/import.err" || true; }
ratio() { python3 -c "import sys; r,m=float(sys.argv[1]),float(sys.argv[2]); print(f'{r:.2f} s raw vs {m:.2f} s Reassess: ratio {r/m:.2f} (target >= 0.5); {int(sys.argv[3])/m:,.0f} rows/s')" "$@"; }

rounds=${ROUNDS:-3}
median() { python3 -c "import statistics, sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "$@"; }

# --- SQLite -----------------------------------------------------------------------------------------
ratios=()
for round in $(seq "$rounds"); do
  rm -f "$work/raw.db" "$work"/reassess.db*
  t0=$(now)
  for f in "${files[@]}"; do
    sqlite3 "$work/raw.db" ".import --csv $bundle/$f.csv $f"
  done
  t1=$(now)
  "${cli[@]}" import "$bundle" --db "$work/reassess.db" >/dev/null 2>"$work/import.err" || { cat "$work/import.err"; exit 1; }
  t2=$(now)
  echo -n "SQLite, round $round: "; ratio "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$rows"; load
  ratios+=("$(python3 -c "import sys; print(float(sys.argv[1]) / float(sys.argv[2]))" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)")")
done
echo "SQLite: median ratio $(median "${ratios[@]}") over $rounds rounds (target >= 0.5)"; timings

# --- PostgreSQL ---------------------------------------------------------------------------------------
if [ -n "${PG:-}" ]; then
  psqlconn=$(python3 -c "import sys; d=dict(p.split('=',1) for p in sys.argv[1].split(';') if p); print(f\"host={d.get('Host','127.0.0.1')} port={d.get('Port','5432')} user={d.get('Username','postgres')} dbname={d.get('Database','postgres')}\")" "$PG")
  raw="${psqlconn/dbname=*/dbname=bench_raw}"
  ratios=()
  for round in $(seq "$rounds"); do
    psql "$psqlconn" -qc "DROP DATABASE IF EXISTS bench_raw" -c "DROP DATABASE IF EXISTS bench_reassess" -c "CREATE DATABASE bench_raw" -c "CREATE DATABASE bench_reassess" >/dev/null
    pg_raw_tables "$raw" "$bundle" "${files[@]}"
    t0=$(now)
    pg_raw_copy "$raw" "$bundle" "${files[@]}"
    t1=$(now)
    "${cli[@]}" import "$bundle" --db "$(python3 -c "import sys; print(';'.join(p for p in sys.argv[1].split(';') if p and not p.lower().startswith('database='))+';Database=bench_reassess')" "$PG")" >/dev/null 2>"$work/import.err" || { cat "$work/import.err"; exit 1; }
    t2=$(now)
    echo -n "PostgreSQL, round $round: "; ratio "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$rows"; load
    ratios+=("$(python3 -c "import sys; print(float(sys.argv[1]) / float(sys.argv[2]))" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)")")
  done
  echo "PostgreSQL: median ratio $(median "${ratios[@]}") over $rounds rounds (target >= 0.5)"; timings
fi
