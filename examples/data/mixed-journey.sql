-- The table examples/mixed-journey.yaml records its orders in:
--   psql -h 127.0.0.1 -U shop -d shop -f examples/data/mixed-journey.sql
CREATE TABLE IF NOT EXISTS journey_orders (
    id serial PRIMARY KEY,
    item_id bigint NOT NULL,
    owner text NOT NULL,
    sku text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
