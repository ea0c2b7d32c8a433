# The baseline both PostgreSQL import benchmarks compare against (sourced by bench/import.sh and bench/import-pg-floor.sh):
# psql `\copy` of a bundle's CSV files into plain tables of text columns named by each file's header, no keys, no indexes.

# pg_raw_tables CONNINFO BUNDLE FILE...: creates the plain tables (untimed).
pg_raw_tables() {
  local conn=$1 bundle=$2 f cols; shift 2
  for f in "$@"; do
    cols=$(head -1 "$bundle/$f.csv" | sed 's/^\xEF\xBB\xBF//; s/,/ text, /g; s/$/ text/')
    psql "$conn" -qc "CREATE TABLE $f ($cols)"
  done
}

# pg_raw_copy CONNINFO BUNDLE FILE...: loads each file into its table (the part to time).
pg_raw_copy() {
  local conn=$1 bundle=$2 f; shift 2
  for f in "$@"; do psql "$conn" -qc "\\copy $f FROM '$bundle/$f.csv' WITH (FORMAT csv, HEADER true)"; done
}
