#!/usr/bin/env bash
# Load benchmark of the review workbench (issue 6): 50 concurrent signed-in sessions on the queue and case pages,
# median and p95 latency (target p95 <= 100 ms on the 2-core machine), after a warm-up. The queue is measured twice:
# its first pages, and searched and sorted (every sort, filters, searches). Case pages are measured twice: revisits
# (the page keeps its derived parts) and first views (each case once). Not a test: run on demand.
# Each phase also prints the server's CPU time per request (user + system, from /proc): wrk is closed-loop, so with 50
# connections latency is mostly queueing and follows whatever else the machine runs, while CPU per request does not,
# which makes it the figure to compare builds by on a shared machine.
#
#   bench/web-load.sh [--db FILE] [--duration 30s] [--connections 50] [--scale met] [--warmup SECONDS] [--trace DIR]
#                     [--phases queue,queue-searched,revisits,first-views] [--think MS]
#
# --phases measures only the phases named (all four by default; the warm-up is the same either way).
# --think MS makes each session wait MS milliseconds on average (drawn between MS/2 and 3MS/2, so that the sessions do not
# ask in step) after each answer before its next request (reviewers reading a page),
# for every measured phase; by default (0) the 50 sessions ask again at once, which keeps the server saturated, and that
# saturated figure is the one the goal is judged by. The warm-up never waits.
#
# --trace DIR samples the server's CPU (perf, 499 Hz, with the runtime's perf map and W^X off so that .NET frames have names, and
# ReadyToRun off so that the framework's code is among them) during each measured phase, and writes DIR/PHASE.stacks
# (perf script); bench/trace-top.py DIR/PHASE.stacks lists where the CPU went, managed, native (SQLite) and the runtime
# (GC) alike. Tracing costs the server throughput, so traced figures are not compared with untraced ones.
set -euo pipefail
cd "$(dirname "$0")/.."

db=""; duration="30s"; connections=50; scale="met"; warmup=15; trace=; think=0; phases="queue,queue-searched,revisits,first-views"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --trace) trace="$2"; shift 2 ;;
    --phases) phases="$2"; shift 2 ;;
    --think) think="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -n "$trace" ] && ! command -v perf >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends linux-perf >/dev/null
fi
command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null; }

work=$(mktemp -d /tmp/reassess-webbench.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
reassess() { dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll "$@"; }

if [ -z "$db" ] || [ ! -e "$db" ]; then
  db="${db:-$work/bench.db}"
  echo "== synthetic data ($scale) and import"
  reassess synth --out "$work/synthetic" --scale "$scale" --as-of 2025-03-31 --seed 7 >/dev/null
  for bundle in "$work"/synthetic/*/; do
    [ -f "$bundle/investigations.csv" ] && reassess import "$bundle" --db "$db" >/dev/null
  done
  [ -f "$work/synthetic/investigations.csv" ] && reassess import "$work/synthetic" --db "$db" >/dev/null
  if reassess link --help >/dev/null 2>&1; then
    # Linkage first, so that screening queues missed groups and case pages carry their networks.
    echo "== linkage"
    reassess link --db "$db" >/dev/null
  fi
  if reassess screen --help >/dev/null 2>&1; then
    echo "== screening"
    reassess screen --db "$db" --profile met-2025 --as-of 2025-03-31 >/dev/null
  fi
fi
reassess stats --db "$db" | tail -n +1

force=$(sqlite3 "$db" "select force from investigations group by force order by count(*) desc limit 1")
if [ "$(sqlite3 "$db" "select count(*) from candidates where force='$force'")" = 0 ]; then
  echo "== no screening candidates: adding one per investigation of $force with SQL (queue load only)"
  sqlite3 "$db" <<SQL
insert into screening_runs (profile_name, profile_version, as_of, started_at, completed_at, run_by, considered, criteria_candidates, linked_candidates, new_candidates, no_longer_qualifying)
values ('bench', '1', '2025-03-31', 0, 0, 'bench', 0, 0, 0, 0, 0);
insert into candidates (force, investigation_ref, investigation_id, basis, typologies, priority, priority_factors, profile_name, first_run_id, latest_run_id, still_qualifies, recorded_year)
select force, investigation_ref, id, 'criteria', 'intrafamilial', abs(random() % 1000) / 10.0, 'bench=1', 'bench',
       (select max(id) from screening_runs), (select max(id) from screening_runs), 1, cast(substr(recorded_date, 1, 4) as integer)
from investigations where force = '$force';
SQL
fi
echo "force $force: $(sqlite3 "$db" "select count(*) from candidates where force='$force'") candidates"

echo "== a reviewer and the server"
password="bench password of some length"
# Fresh reviewers per run, so that the benchmark can be run again on the same --db; one per session, because an
# authenticator code is accepted once (a replayed code is refused), so sessions cannot share an account's code.
user="bench.reviewer.$(date +%s)"
for i in $(seq 1 "$connections"); do
  printf '%s.%s %s\n' "$user" "$i" "$(echo "$password" | reassess users add "$user.$i" --role reviewer --force "$force" --password-stdin --db "$db" | sed -n 's/^secret: //p')"
done > "$work/accounts.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
# 50 sign-ins from one address in a minute would trip the sign-in rate limit (10 a minute): lift it for the bench only.
traced_runtime=(); [ -n "$trace" ] && traced_runtime=(DOTNET_PerfMapEnabled=1 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0)
# The server GC, as docs/operations.md ("The runtime for a server") tells a deployment to run `reassess serve` (DOTNET_gcServer=0 to compare).
env "${traced_runtime[@]}" DOTNET_gcServer="${DOTNET_gcServer:-1}" Reassess__SignInPermitsPerMinute=1000 Logging__LogLevel__Default=Warning dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll serve --db "$db" --urls "http://127.0.0.1:$port" \
  --keys "$work/keys" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/sign-in" >/dev/null 2>&1 && break; sleep 1; done

echo "== signing in $connections sessions"
python3 - "$port" "$work/accounts.txt" "$password" "$connections" "$work/cookies.txt" <<'PY'
import sys
sys.path.insert(0, "bench")
from workbench_signin import sign_in
port, accounts, password, n, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
accounts = [line.split() for line in open(accounts) if line.strip()]
base = f"http://127.0.0.1:{port}"
cookies = []
for i in range(n):
    user, secret = accounts[i]
    _, jar = sign_in(base, user, password, secret)
    session = [c for c in jar if c.name == "reassess.session"]
    if not session: sys.exit(f"sign-in failed for session {i + 1}: no session cookie after the code (cookies: {[c.name for c in jar]})")
    cookies.append(f"reassess.session={session[0].value}")
open(out, "w").write("\n".join(cookies) + "\n")
PY
[ -s "$work/cookies.txt" ] || { echo "the server's log:" >&2; tail -n 30 "$work/server.log" >&2; exit 1; }

# Revisits: the 1,000 highest priorities, round and round (what the case page keeps is reused). First views: 30,000
# other cases, each opened once (everything is built from the database). The sets do not overlap.
# The sets are sized from the candidates there are: a force with fewer than 51,000 gets smaller sets (said below), and
# the warm-up then reuses the revisits rather than reading past the end of the list.
candidates=$(sqlite3 "$db" "select count(*) from candidates where force='$force' and still_qualifies=1")
if [ "$candidates" -lt 2 ]; then
  echo "web-load: $force has $candidates candidate(s) still qualifying in $db; the case pages need at least 2" >&2; exit 1
fi
revisits=$(( candidates >= 20000 ? 1000 : (candidates / 20 > 0 ? candidates / 20 : 1) ))
rest=$(( candidates - revisits ))
firsts=$(( rest >= 50000 ? 30000 : (rest * 3 + 4) / 5 ))
warms=$(( rest - firsts > 20000 ? 20000 : rest - firsts ))
if [ "$candidates" -lt 51000 ]; then
  echo "note: $force has $candidates candidates (the full sets need 51,000): revisits of $revisits, first views of $firsts" \
       "(a case is opened again once all $firsts have been seen), warm-up over ${warms} other cases$([ "$warms" -eq 0 ] && echo ' (none left: the revisits are used)')"
fi
ids() { sqlite3 "$db" "select id from candidates where force='$force' and still_qualifies=1 order by priority desc, id limit $1 offset $2" | paste -sd, -; }
ids "$revisits" 0 > "$work/revisit.ids"
ids "$firsts" "$revisits" > "$work/first.ids"
threads=$(( connections < 2 ? 1 : 2 ))
lua() { # kind ids-file [think ms]
  cat <<LUA
local cookies = {}
for line in io.lines("$work/cookies.txt") do cookies[#cookies + 1] = line end
local ids = { $( [ -n "${2:-}" ] && cat "$2" ) }
local counter, tid, n = 0, 0, 0
function setup(thread) thread:set("tid", n); n = n + 1 end
function init(args) tid = tonumber(wrk.thread:get("tid")) or 0 end
request = function()
  counter = counter + 1
  local k = counter * $threads + tid
  local cookie = cookies[(k % #cookies) + 1]
  local path
  if "$1" == "queue" then path = "/queue?p=" .. ((k % 5) + 1)
  elseif "$1" == "paths" then path = ids[(k % #ids) + 1]
  else path = "/cases/" .. ids[(k % #ids) + 1] end
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
$( [ "${3:-0}" -gt 0 ] && echo "delay = function() return math.random($(( ${3} / 2 )), $(( ${3} * 3 / 2 ))) end" )
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d), median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
}
lua queue "" "$think" > "$work/queue.lua"
# The queue searched and sorted (issue 21 asks for both): every sort in both directions on pages 1-3, filters by typology
# and year, and searches for crime references, surnames of the force's people (the commonest first: a common surname is
# the costliest search) and phone numbers recorded in the force.
{
  for sort in priority reference year status reviewer age; do for dir in asc desc; do for page in 1 2 3; do
    echo "/queue?sort=$sort&dir=$dir&p=$page"; done; done; done
  sqlite3 "$db" "select distinct typologies from candidates where force='$force' and still_qualifies=1 limit 40" | tr ';' '\n' | sort -u | sed 's|^|/queue?typology=|'
  sqlite3 "$db" "select distinct recorded_year from candidates where force='$force' and still_qualifies=1" | sed 's|^|/queue?sort=reference\&year=|'
  sqlite3 "$db" "select investigation_ref from candidates where force='$force' and still_qualifies=1 order by id limit 20" | sed 's|^|/queue?q=|'
  sqlite3 "$db" "select surname from people where force='$force' group by surname order by count(*) desc limit 20" | python3 -c 'import sys, urllib.parse; [print("/queue?q=" + urllib.parse.quote(l.strip())) for l in sys.stdin if l.strip()]'
  sqlite3 "$db" "select value from identifiers where force='$force' and kind='phone' limit 10" | python3 -c 'import sys, urllib.parse; [print("/queue?q=" + urllib.parse.quote(l.strip())) for l in sys.stdin if l.strip()]'
} | sed 's/.*/"&",/' > "$work/searchsort.paths"
lua paths "$work/searchsort.paths" "$think" > "$work/searchsort.lua"
lua case "$work/revisit.ids" "$think" > "$work/revisit.lua"
lua case "$work/first.ids" "$think" > "$work/first.lua"
# The server's CPU time so far (user + system), in clock ticks, from /proc/PID/stat (fields 14 and 15).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)
load() { # duration script [phase to trace]
  local before after out requests tracer=""
  if [ -n "$trace" ] && [ -n "${3:-}" ]; then
    mkdir -p "$trace"
    perf record -e cpu-clock -F 499 -g -p "$server_pid" -o "$trace/$3.perf" -- sleep "$(( ${1%s} > 5 ? ${1%s} - 5 : ${1%s} ))" >"$trace/$3.log" 2>&1 &
    tracer=$!
  fi
  before=$(cpu_ticks)
  out=$(wrk -t"$threads" -c"$connections" -d"$1" --latency -s "$2" "http://127.0.0.1:$port" | tail -n 1)
  after=$(cpu_ticks)
  if [ -n "$tracer" ]; then wait "$tracer"; perf script -i "$trace/$3.perf" >"$trace/$3.stacks" 2>>"$trace/$3.log"; rm -f "$trace/$3.perf"; fi
  requests=$(sed -n 's/^requests \([0-9]*\),.*/\1/p' <<<"$out")
  echo "$out, server CPU $(awk -v t=$((after - before)) -v r="${requests:-0}" -v hz="$ticks_per_second" \
    'BEGIN { printf "%.2f ms per request (%.1f s)", (r > 0 ? t * 1000 / hz / r : 0), t / hz }')"
}
# Warm-up: the runtime compiles the hot paths again, optimised, after their first calls (tiered compilation), which on
# two cores takes the first half-minute of load; a server that runs all day is measured in its steady state.
if [ "$warms" -gt 0 ]; then ids "$warms" $(( revisits + firsts )) > "$work/warm.ids"; else cp "$work/revisit.ids" "$work/warm.ids"; fi
lua case "$work/warm.ids" > "$work/warm.lua"
echo "== warm-up (not measured): ${warmup}s each of queue pages, case revisits and first views of other cases"
lua queue > "$work/queue-warm.lua"; lua paths "$work/searchsort.paths" > "$work/searchsort-warm.lua"; lua case "$work/revisit.ids" > "$work/revisit-warm.lua"
load "${warmup}s" "$work/queue-warm.lua" >/dev/null; load "${warmup}s" "$work/searchsort-warm.lua" >/dev/null; load "${warmup}s" "$work/revisit-warm.lua" >/dev/null
load "${warmup}s" "$work/warm.lua" >/dev/null
echo "machine: $(nproc) cores; load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)$([ "$think" -gt 0 ] && echo "; each session waits ${think} ms between requests")"
measure() { [[ ",$phases," == *",$1,"* ]]; }
if measure queue; then
  echo "== queue page (pages 1-5): $connections connections, $duration"; load "$duration" "$work/queue.lua" queue
fi
if measure queue-searched; then
  echo "== queue searched and sorted ($(wc -l < "$work/searchsort.paths") pages: sorts, filters, searches): $connections connections, $duration"
  load "$duration" "$work/searchsort.lua" queue-searched
fi
if measure revisits; then
  echo "== case page, revisits of $revisits cases: $connections connections, $duration"; load "$duration" "$work/revisit.lua" revisits
fi
if measure first-views; then
  echo "== case page, first views (each case once): $connections connections, $duration"; load "$duration" "$work/first.lua" first-views
fi
