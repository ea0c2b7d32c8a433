#!/usr/bin/env bash
# Communities against the reference implementation (issue 23 item 6): the graph `reassess link` detects offender
# networks in, given to Reassess's Louvain and to leidenalg (python3-igraph and python3-leidenalg, Debian packages),
# modularity (computed by igraph for both) and time side by side. Not a test: run on demand.
#
#   bench/communities.sh --synth N [--scale-seed S]   generate N synthetic investigations, import, then compare
#   bench/communities.sh --db FILE                    an imported SQLite database (it is linked again, in a copy)
#   bench/communities.sh --sbm N                      a planted-partition graph of N nodes (denser, harder), no linkage
#   bench/communities.sh --rough N [--hubs H] [--hub-people P]
#                                                     `reassess synth --rough`: 3 forces, suspects recurring across
#                                                     investigations and forces, H hub identifiers (default 20) each
#                                                     recorded with P people (default 500), then import and compare
#   ROUNDS=5 bench/communities.sh …                   rounds of each implementation (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
py=/usr/bin/python3
if ! "$py" -c 'import igraph, leidenalg' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-igraph python3-leidenalg >/dev/null
fi
work=$(mktemp -d /tmp/reassess-communities.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
dotnet build bench/Reassess.Bench.Communities -c Release -nologo -v q >/dev/null
cli=(dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll)
case "${1:-}" in
  --synth)
    echo "generating ${2} investigations (seed ${4:-7})…"
    "${cli[@]}" synth --out "$work/bundle" --scale "$2" --seed "${4:-7}" >/dev/null
    "${cli[@]}" import "$work/bundle" --db "$work/bench.db" >/dev/null ;;
  --db)
    cp "$2" "$work/bench.db"
    for suffix in -wal -shm .audit-key; do [ -f "$2$suffix" ] && cp "$2$suffix" "$work/bench.db$suffix"; done ;;
  --sbm)
    "$py" bench/communities.py "$work" --sbm "$2" ;;
  --rough)
    hubs=20; hub_people=500
    [ "${3:-}" = --hubs ] && hubs=$4
    [ "${5:-}" = --hub-people ] && hub_people=$6
    echo "generating a rough bundle of ${2} investigations, ${hubs} hubs of ${hub_people} people…"
    "${cli[@]}" synth --rough --out "$work/bundle" --scale "$2" --hubs "$hubs" --hub-people "$hub_people" --seed 7 >/dev/null
    "${cli[@]}" import "$work/bundle" --db "$work/bench.db" >/dev/null ;;
  *) echo "usage: bench/communities.sh --synth N | --db FILE | --sbm N | --rough N [--hubs H] [--hub-people P]" >&2; exit 2 ;;
esac
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${1}" = --sbm ]; then source=(--graph "$work/graph.tsv"); else source=(--db "$work/bench.db"); fi
dotnet bench/Reassess.Bench.Communities/bin/Release/net10.0/Reassess.Bench.Communities.dll "${source[@]}" --out "$work" --rounds "$rounds"
"$py" bench/communities.py "$work" --rounds "$rounds"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
