#!/usr/bin/env bash
# Benchmark: generate the national-scale synthetic extract (43 forces, ~1,200,000 investigations), then import it.
# Prints wall time and peak resident memory of each step (GNU time). Run on demand, never as a test:
#   bench/synth-national.sh [OUT_DIR] [DB]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/reassess-national}"
db="${2:-/tmp/reassess-national.db}"
dotnet build src/Reassess.Cli -c Release -v q -nologo >/dev/null
cli="src/Reassess.Cli/bin/Release/net10.0/reassess.dll"
rm -rf "$out" "$db"
echo "== generate (national, as-of 2025-03-31, seed 1)"
/usr/bin/time -f "generate: %e s wall, %M KB peak RSS" dotnet "$cli" synth --scale national --as-of 2025-03-31 --seed 1 --out "$out"
du -sh "$out"
wc -l "$out"/*.csv
if [[ "${SKIP_IMPORT:-}" != "1" ]]; then
  echo "== import into $db"
  /usr/bin/time -f "import: %e s wall, %M KB peak RSS" dotnet "$cli" import "$out" --db "$db"
fi
