# shellcheck shell=bash
# Sourced by tests/slurm/chain_run_test.sh and scripts/pg-chain-bench.sh: the season-end chain of
# docs/scale.md section 3 in PostgreSQL.
# season_end_chain CLI SCALE WORK SCHEMA: generates the chain (generate --scale SCALE --seed 42,
# in WORK/chain, removed after), loads its products, stores, sales and inventory into tables
# SCHEMA.generated_<kind> of text columns named as the files' headers, with an index on product,
# and creates the views of scripts/season-end-views.sql over them in SCHEMA. Runs its SQL through
# the caller's function sql (psql on the database).
season_end_chain() {
    local cli=$1 scale=$2 work=$3 schema=$4 kind columns
    "$cli" generate --scale "$scale" --seed 42 "$work/chain" >/dev/null
    sql -c "CREATE SCHEMA $schema"
    for kind in products stores sales inventory; do
        columns=$(head -1 "$work/chain/$kind.csv" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
        sql -c "CREATE TABLE $schema.generated_$kind ($columns)"
        sql -c "\\copy $schema.generated_$kind FROM '$work/chain/$kind.csv' (FORMAT csv, HEADER)"
    done
    rm -rf "$work/chain"
    sql <<SQL
SET search_path = $schema;
CREATE INDEX ON generated_sales (product);
CREATE INDEX ON generated_inventory (product);
CREATE INDEX ON generated_products (category);
ANALYZE generated_products;
ANALYZE generated_stores;
ANALYZE generated_sales;
ANALYZE generated_inventory;
SQL
    sql -c "SET search_path = $schema" -f "$(dirname "${BASH_SOURCE[0]}")/season-end-views.sql"
}
