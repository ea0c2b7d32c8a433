#!/usr/bin/env bash
# Benchmark of `reassess link` on national-scale synthetic data (run on demand, never as a test):
#   [SEED=n] bench/linknet-national.sh [SCALE] [OUT_DIR] [DB]
# Generates the extract (reassess synth), imports it, runs `reassess link` under GNU time (wall time, peak RSS),
# then scores person resolution, networks and missed groups against the synthetic truth (bench/linknet-accuracy.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-national}"
seed="${SEED:-1}"
out="${2:-/tmp/linknet-$scale}"
db="${3:-/tmp/linknet-$scale.db}"
dotnet build src/Reassess.Cli -c Release -v q -nologo >/dev/null
cli="src/Reassess.Cli/bin/Release/net10.0/reassess.dll"
if [[ ! -f "$db" ]]; then
  rm -rf "$out"
  /usr/bin/time -f "synth: %e s wall, %M KB peak RSS" dotnet "$cli" synth --scale "$scale" --as-of 2025-03-31 --seed "$seed" --out "$out"
  /usr/bin/time -f "import: %e s wall, %M KB peak RSS" dotnet "$cli" import "$out" --db "$db"
fi
echo "== link ($scale) on $(nproc) cores"
/usr/bin/time -f "link: %e s wall, %M KB peak RSS" dotnet "$cli" link --db "$db" --restart
dotnet "$cli" networks --db "$db" | tail -n 1
python3 bench/linknet-accuracy.py "$db" "$out"
