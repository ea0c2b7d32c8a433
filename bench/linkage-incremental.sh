#!/usr/bin/env bash
# Benchmark of `reassess link --incremental` against a full `reassess link` (run on demand, never as a test):
#   [SEED=n] [SHARE=0.01] [CHANGED=N] bench/linkage-incremental.sh [SCALE] [WORK_DIR]
# Generates a synthetic extract (reassess synth --scale SCALE, 43 forces for national, else FORCES, default 5), splits it
# into a first extract and the largest force's later extract (SHARE of all investigations, its new nominals, relisted
# ones and CHANGED known nominals with a new occupation: bench/linkage-incremental.py), imports the first and links it in
# full, imports the later extract, then on two copies of that database runs the incremental link and a full link, each
# under GNU time (wall time, peak RSS), and compares their people and networks. Figures: bench/linkage-incremental.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-national}"
work="${2:-/tmp/linkage-incremental-$scale}"
seed="${SEED:-1}"
share="${SHARE:-0.01}"
forces="${FORCES:-5}"
dotnet build src/Reassess.Cli -c Release -v q -nologo >/dev/null
cli="src/Reassess.Cli/bin/Release/net10.0/reassess.dll"
timed() { local what="$1"; shift; /usr/bin/time -f "$what: %e s wall, %M KB peak RSS" "$@"; }
load() { echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

mkdir -p "$work"
if [[ ! -f "$work/base.db" ]]; then
  rm -rf "$work/all" "$work/first" "$work/later"
  force_args=()
  [[ "$scale" == national ]] || force_args=(--forces "$forces")
  timed synth dotnet "$cli" synth --scale "$scale" "${force_args[@]}" --as-of 2025-03-31 --seed "$seed" --out "$work/all"
  nominals=$(($(wc -l < "$work/all/people.csv") - 1))
  python3 bench/linkage-incremental.py split "$work/all" "$work" "$share" "${CHANGED:-$((nominals / 1000))}"
  timed "import first" dotnet "$cli" import "$work/first" --db "$work/base.db" >/dev/null
  load
  timed "full link of the first extract" dotnet "$cli" link --db "$work/base.db" | tail -n 12
  timed "import later" dotnet "$cli" import "$work/later" --db "$work/base.db" >/dev/null
fi

echo "== $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
for copy in incremental full; do cp "$work/base.db" "$work/$copy.db"; cp "$work/base.db.audit-key" "$work/$copy.db.audit-key"; done
load
timed "incremental link" dotnet "$cli" link --incremental --db "$work/incremental.db" > "$work/incremental.out" 2>&1 || true
cat "$work/incremental.out"
load
timed "full link" dotnet "$cli" link --db "$work/full.db" > "$work/full.out" 2>&1 || true
cat "$work/full.out"
load
echo "== incremental (A) against full (B)"
python3 bench/linkage-incremental.py compare "$work/incremental.db" "$work/full.db"
