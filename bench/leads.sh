#!/usr/bin/env bash
# Leads benchmark (issue 20): the leads of every candidate of a screening run at Met scale (`reassess synth --scale met`:
# 15 years of the Metropolitan Police, about 9,000 met-2025 candidates), target <= 10 s. Not a test: run on demand.
#
#   bench/leads.sh [--db FILE] [--keep FILE] [--rounds N]
#
# Without --db it builds a database: synthetic data, `reassess import`, `reassess link`, `reassess screen --profile
# met-2025`. --keep FILE keeps that database (e.g. for `bench/web-load.sh --db FILE`, which then measures the case page
# with its leads). Each round times `reassess leads --profile met-2025 --out FILE` end to end (wall clock: process start,
# the leads engine over every candidate, the audited CSV), and prints the load average, since the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."

db=""; keep=""; rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/reassess-leadsbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
reassess() { dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll "$@"; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

if [ -z "$db" ]; then
  db="${keep:-$work/leads.db}"
  rm -f "$db"
  echo "== synthetic data (met scale), import, linkage, screening"
  t=$(now); reassess synth --out "$work/synthetic" --scale met --as-of 2025-03-31 --seed 7 >/dev/null; echo "synth $(secs "$t" "$(now)") s"
  t=$(now)
  for bundle in "$work"/synthetic/*/; do
    [ -f "$bundle/investigations.csv" ] && reassess import "$bundle" --db "$db" >/dev/null
  done
  [ -f "$work/synthetic/investigations.csv" ] && reassess import "$work/synthetic" --db "$db" >/dev/null
  echo "import $(secs "$t" "$(now)") s"
  t=$(now); reassess link --db "$db" >/dev/null; echo "link $(secs "$t" "$(now)") s"
  t=$(now); reassess screen --db "$db" --profile met-2025 --as-of 2025-03-31 >/dev/null; echo "screen (with the lead factors) $(secs "$t" "$(now)") s"
fi

command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null; }
investigations=$(sqlite3 "$db" "select count(*) from investigations")
candidates=$(sqlite3 "$db" "select count(*) from candidates where profile_name='met-2025' and still_qualifies=1 and latest_run_id=(select max(id) from screening_runs where profile_name='met-2025' and completed_at is not null)")
echo "database: $investigations investigations, $candidates met-2025 candidates; machine: $(nproc) cores"

for round in $(seq 1 "$rounds"); do
  t=$(now)
  REASSESS_ACTOR=bench reassess leads --db "$db" --profile met-2025 --out "$work/leads.csv" >/dev/null
  elapsed=$(secs "$t" "$(now)")
  echo "round $round: leads for $candidates candidates in $elapsed s ($(($(wc -l < "$work/leads.csv") - 1)) leads; load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "leads by kind (last round):"
tail -n +2 "$work/leads.csv" | python3 -c "import csv,sys,collections; c=collections.Counter(r[2] for r in csv.reader(sys.stdin)); [print(f'  {k}: {v}') for k,v in sorted(c.items())]"
