#!/usr/bin/env bash
# Coverage-guided fuzzing of the bundle importer with AFL++ (Debian's afl++) and SharpFuzz (issue 7). On demand, not
# part of the test suite:
#
#   bench/fuzz/fuzz.sh [SECONDS]        fuzz for SECONDS (default 300), then print executions and findings
#   bench/fuzz/fuzz.sh --replay FILE…   run inputs once, outside AFL (to reproduce a finding)
#
# Work and findings go to bench/fuzz/out/ (ignored by git): out/findings/default/crashes holds inputs that threw out
# of the importer, produced a badly shaped error, or left a partial write (see Reassess.Fuzz/Program.cs).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
out=$here/out
seconds=${1:-300}

if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++ (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
tools=$out/tools
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# Publish, then instrument a copy in place: the importer (Reassess.Core) and the CSV parser (Sep). The plain build
# replays findings.
rm -rf "$out/plain" "$out/bin"
dotnet publish Reassess.Fuzz -c Release -o "$out/plain" -nologo -v q
if [ "${1:-}" = "--replay" ]; then
  shift
  exec dotnet "$out/plain/Reassess.Fuzz.dll" "$@"
fi
cp -r "$out/plain" "$out/bin"
"$tools/sharpfuzz" "$out/bin/Reassess.Core.dll" Reassess.Import Reassess.Records Reassess.Reference >/dev/null
"$tools/sharpfuzz" "$out/bin/Sep.dll" >/dev/null

# Seeds: the sample bundle, and small variants, each as one input (files joined by the byte 0x1E).
seeds=$out/seeds
rm -rf "$seeds"; mkdir -p "$seeds"
sample=../../samples/bundle
join_bundle() { # investigations people involvements identifiers
  { cat "$1"; printf '\x1e'; cat "$2"; printf '\x1e'; cat "$3"; printf '\x1e'; cat "$4"; } > "$5"
}
join_bundle $sample/investigations.csv $sample/people.csv $sample/involvements.csv $sample/identifiers.csv "$seeds/sample"
head -3 $sample/investigations.csv > "$out/i3"; head -4 $sample/people.csv > "$out/p4"; head -3 $sample/involvements.csv > "$out/v3"
head -2 $sample/identifiers.csv > "$out/d2"
join_bundle "$out/i3" "$out/p4" "$out/v3" "$out/d2" "$seeds/small"
printf 'force,investigation_id\n' > "$seeds/header-only"

export AFL_SKIP_BIN_CHECK=1             # dotnet itself is not instrumented; SharpFuzz speaks the fork-server protocol
export AFL_NO_AFFINITY=1                # a shared machine: do not pin a core
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000     # .NET start-up and the template database take seconds
export DOTNET_TieredPGO=0
rm -rf "$out/findings"
set +e
timeout --signal=INT "$((seconds + 30))" afl-fuzz -V "$seconds" -i "$seeds" -o "$out/findings" -t 10000 -m none \
  -- dotnet "$out/bin/Reassess.Fuzz.dll" > "$out/afl.log" 2>&1
status=$?
set -e
stats=$out/findings/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $status); see $out/afl.log" >&2
  tail -30 "$out/afl.log" >&2
  exit 1
fi
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|saved_crashes|saved_hangs|stability)\b' "$stats"
crashes=$(find "$out/findings/default/crashes" -type f -name 'id:*' | wc -l)
hangs=$(find "$out/findings/default/hangs" -type f -name 'id:*' | wc -l)
echo "findings: $crashes crash(es), $hangs hang(s) in $out/findings/default"
