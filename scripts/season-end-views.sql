-- The merchbench_<kind> views of the season-end chain (tests/slurm/chain_run_test.sh,
-- scripts/pg-chain-bench.sh, docs/scale.md section 3) over a generated chain's kinds loaded as
-- tables generated_<kind> (text columns named as the files' headers), in the schema first on the
-- search path: the season-end goods (apparel and seasonal, the stocked ones) at subcategory level,
-- so that the plan's 8 categories spread over the shards (a shard takes whole categories).
CREATE VIEW merchbench_products AS
    SELECT product, name, subcategory AS category, brand, unit_cost, regular_price
    FROM generated_products WHERE category IN ('apparel', 'seasonal');
CREATE VIEW merchbench_stores AS SELECT * FROM generated_stores;
CREATE VIEW merchbench_sales AS
    SELECT s.* FROM generated_sales AS s JOIN merchbench_products USING (product);
CREATE VIEW merchbench_inventory AS
    SELECT i.* FROM generated_inventory AS i JOIN merchbench_products USING (product);
