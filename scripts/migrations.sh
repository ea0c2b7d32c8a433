#!/usr/bin/env bash
# Schema migrations for both engines (EF Core; Storage/Migrations/Sqlite and Storage/Migrations/Postgres).
#
#   scripts/migrations.sh reset      regenerate the Initial migration of both engines from the model
#   scripts/migrations.sh add NAME   add a migration to both engines
#
# Until the first release is deployed, the model is captured by one Initial migration with a fixed timestamp
# (00000000000000_Initial), regenerated with `reset` whenever the model changes. Hand-written migrations that hold only
# SQL the model cannot express (the audit table's triggers) have their own files with later timestamps and survive a reset.
# After the first deployment, use `add` only.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
ef() { dotnet ef "$@" --no-build --project src/Reassess.Core --startup-project src/Reassess.Cli; }
build() { dotnet build src/Reassess.Cli -v q -nologo >/dev/null; }
# EF Core's generated designers and snapshots wrap themselves in `#pragma warning disable 612, 618` (obsolete APIs) by
# habit; ours call none, so the pragmas would only hide a future warning. They are taken out, and the strict build
# (warnings as errors) says so if a generated file ever does need one.
drop_pragmas() {
  grep -rlE '^#pragma warning (disable|restore) 612, 618' src/Reassess.Core/Storage/Migrations | xargs -r sed -i -E \
    '/^#pragma warning (disable|restore) 612, 618/d'
  build
}
case "${1:-}" in
  reset)
    for ctx in Sqlite Postgres; do
      rm -f src/Reassess.Core/Storage/Migrations/$ctx/*_Initial.cs src/Reassess.Core/Storage/Migrations/$ctx/*_Initial.Designer.cs \
            src/Reassess.Core/Storage/Migrations/$ctx/*ModelSnapshot.cs
    done
    build
    for ctx in Sqlite Postgres; do
      ef migrations add Initial --context "${ctx}ReassessDbContext" --output-dir "Storage/Migrations/$ctx" \
        --namespace "Reassess.Storage.Migrations.$ctx" >/dev/null
      dir=src/Reassess.Core/Storage/Migrations/$ctx
      # With no snapshot present, EF derives its folder from the namespace; keep it beside the migrations.
      if [ -d src/Reassess.Core/Reassess ]; then
        find src/Reassess.Core/Reassess -name "${ctx}ReassessDbContextModelSnapshot.cs" -exec mv {} "$dir/" \;
      fi
      for f in "$dir"/[0-9]*_Initial.cs "$dir"/[0-9]*_Initial.Designer.cs; do
        case "$f" in *00000000000000_Initial*) continue ;; esac
        stamp=$(basename "$f" | cut -d_ -f1)
        sed -i "s/${stamp}_Initial/00000000000000_Initial/" "$f"
        mv "$f" "$dir/$(basename "$f" | sed "s/^${stamp}_/00000000000000_/")"
      done
    done
    rm -rf src/Reassess.Core/Reassess
    drop_pragmas
    dotnet format src/Reassess.Core --include src/Reassess.Core/Storage/Migrations >/dev/null 2>&1 || true
    echo "Initial migration regenerated for SQLite and PostgreSQL."
    ;;
  add)
    [ -n "${2:-}" ] || { echo "usage: scripts/migrations.sh add NAME" >&2; exit 2; }
    build
    for ctx in Sqlite Postgres; do
      ef migrations add "$2" --context "${ctx}ReassessDbContext" --output-dir "Storage/Migrations/$ctx" --namespace "Reassess.Storage.Migrations.$ctx"
    done
    drop_pragmas
    ;;
  *) echo "usage: scripts/migrations.sh reset | add NAME" >&2; exit 2 ;;
esac
