#!/usr/bin/env bash
# Runs every Reassess test: the whole suite on SQLite, the database tests again on a throwaway PostgreSQL cluster
# (127.0.0.1, a free port, a temporary folder), and the browser tests in headless Chromium.
# Installs what it needs when missing (Debian packages; run as root).
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

need_pkgs=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_pkgs+=(chromium-driver)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# --- a throwaway PostgreSQL cluster -------------------------------------------------------------
# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
log "PostgreSQL on 127.0.0.1:$pgport"

# --- build, style, tests ------------------------------------------------------------------------
log "build"
dotnet tool restore >/dev/null
dotnet build Reassess.slnx -c Release -nologo -v q

log "style (dotnet format --verify-no-changes)"
dotnet format Reassess.slnx --verify-no-changes --no-restore

results=$(mktemp -d /tmp/reassess-results.XXXXXX)
status=0
log "all tests on SQLite"
REASSESS_TEST_ENGINE=sqlite dotnet test Reassess.slnx -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=sqlite" --results-directory "$results" || status=1
log "database tests on PostgreSQL"
REASSESS_TEST_ENGINE=postgres dotnet test Reassess.slnx -c Release --no-build -nologo --filter "Category=Database|FullyQualifiedName~Reassess.Web.Tests" \
  --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=1

# One plain closing line over every run (counted from the TRX files).
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(f"\n{p} passed, {f} failed, {s} skipped")
PY
rm -rf "$results"
exit $status
