#include "data/Schema.h"

namespace mb::data {

namespace {

// Version 1: one table per input kind. Every imported row remembers the import and the line it
// came from, so an error or a surprising figure can be traced to the user's file.
const char* kVersion1 = R"sql(
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '{}',
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    program_version TEXT NOT NULL
);
CREATE INDEX imports_by_file ON imports(kind, file_sha256);

CREATE TABLE products (
    product TEXT PRIMARY KEY,
    name TEXT, category TEXT, subcategory TEXT, brand TEXT,
    unit_cost REAL, regular_price REAL,
    import_id INTEGER, line INTEGER
);
CREATE INDEX products_by_category ON products(category);

CREATE TABLE stores (
    store TEXT PRIMARY KEY,
    name TEXT, region TEXT, cluster TEXT, area REAL,
    import_id INTEGER, line INTEGER
);

CREATE TABLE sales (
    product TEXT NOT NULL REFERENCES products(product),
    store TEXT NOT NULL REFERENCES stores(store),
    week TEXT NOT NULL,
    units REAL NOT NULL,
    revenue REAL, price REAL, regular_price REAL,
    feature INTEGER, display INTEGER, tpr INTEGER,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (product, store, week)
) WITHOUT ROWID;

CREATE TABLE inventory (
    store TEXT NOT NULL REFERENCES stores(store),
    product TEXT NOT NULL REFERENCES products(product),
    date TEXT NOT NULL,
    on_hand REAL NOT NULL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (store, product, date)
) WITHOUT ROWID;

CREATE TABLE basket_lines (
    id INTEGER PRIMARY KEY,
    basket TEXT NOT NULL,
    product TEXT, category TEXT, customer TEXT,
    quantity REAL, value REAL, price REAL, time TEXT, store TEXT,
    import_id INTEGER NOT NULL, line INTEGER
);
CREATE INDEX basket_lines_by_basket ON basket_lines(basket);
CREATE INDEX basket_lines_by_customer ON basket_lines(customer);
CREATE INDEX basket_lines_by_import ON basket_lines(import_id);

CREATE TABLE customers (
    customer TEXT PRIMARY KEY,
    segment TEXT, consent_offers INTEGER, consent_email INTEGER, signup_date TEXT,
    import_id INTEGER, line INTEGER
);

CREATE TABLE campaigns (
    name TEXT PRIMARY KEY,
    control_arm TEXT,
    outcomes TEXT NOT NULL DEFAULT '[]',
    features TEXT NOT NULL DEFAULT '[]',
    import_id INTEGER
);
CREATE TABLE campaign_rows (
    id INTEGER PRIMARY KEY,
    campaign TEXT NOT NULL REFERENCES campaigns(name) ON DELETE CASCADE,
    arm TEXT NOT NULL,
    customer TEXT,
    data TEXT NOT NULL,
    import_id INTEGER NOT NULL, line INTEGER
);
CREATE INDEX campaign_rows_by_campaign ON campaign_rows(campaign, arm);
CREATE INDEX campaign_rows_by_import ON campaign_rows(import_id);

CREATE TABLE offers (
    offer TEXT PRIMARY KEY,
    category TEXT, product TEXT, discount REAL, cost REAL, capacity INTEGER,
    import_id INTEGER, line INTEGER
);

CREATE TABLE zones (
    zone TEXT PRIMARY KEY,
    name TEXT, type TEXT, x REAL, y REAL, width REAL, height REAL, polygon TEXT,
    import_id INTEGER, line INTEGER
);
CREATE TABLE zone_links (
    zone_a TEXT NOT NULL REFERENCES zones(zone),
    zone_b TEXT NOT NULL REFERENCES zones(zone),
    distance REAL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (zone_a, zone_b)
) WITHOUT ROWID;
CREATE TABLE layout (
    category TEXT PRIMARY KEY,
    zone TEXT NOT NULL REFERENCES zones(zone),
    import_id INTEGER, line INTEGER
);
CREATE TABLE traffic (
    zone TEXT NOT NULL REFERENCES zones(zone),
    time TEXT NOT NULL,
    visits REAL, dwell_seconds REAL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (zone, time)
) WITHOUT ROWID;
CREATE TABLE paths (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    shopper TEXT NOT NULL,
    zone TEXT NOT NULL REFERENCES zones(zone),
    import_id INTEGER NOT NULL, line INTEGER
);
CREATE INDEX paths_by_shopper ON paths(shopper, time);
CREATE INDEX paths_by_import ON paths(import_id);
)sql";

// Version 2: analysis runs and the decisions they produced, with provenance, so an exported
// price change or offer list can always be traced to its parameters and inputs.
const char* kVersion2 = R"sql(
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    analysis TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}',
    seed INTEGER,
    input_fingerprint TEXT NOT NULL,
    program_version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'proposed'
);
CREATE INDEX decisions_by_run ON decisions(run_id, kind);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
)sql";

// Version 3: consent is current and a customer can be erased. Every consent flag a file states
// is kept as a dated statement, so the latest statement wins whatever order files arrive in; the
// customers table carries the current flag and its as-of date for the analyses to read. Erasures
// are audited under a keyed hash, never the plain id, and found by index wherever a customer id
// is kept. Existing flags become statements dated by the import that brought them.
const char* kVersion3 = R"sql(
ALTER TABLE customers ADD COLUMN consent_date TEXT;
ALTER TABLE customers ADD COLUMN consent_offers_as_of TEXT;
ALTER TABLE customers ADD COLUMN consent_email_as_of TEXT;
CREATE TABLE consent_statements (
    id INTEGER PRIMARY KEY,
    customer TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('offers', 'email')),
    consent INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    import_id INTEGER, line INTEGER
);
CREATE INDEX consent_statements_by_customer ON consent_statements(customer, purpose, as_of);
CREATE INDEX consent_statements_by_import ON consent_statements(import_id);
INSERT INTO consent_statements(customer, purpose, consent, as_of, import_id, line)
    SELECT c.customer, 'offers', c.consent_offers, COALESCE(i.imported_at, ''), c.import_id, c.line
    FROM customers c LEFT JOIN imports i ON i.id = c.import_id
    WHERE c.consent_offers IS NOT NULL;
INSERT INTO consent_statements(customer, purpose, consent, as_of, import_id, line)
    SELECT c.customer, 'email', c.consent_email, COALESCE(i.imported_at, ''), c.import_id, c.line
    FROM customers c LEFT JOIN imports i ON i.id = c.import_id
    WHERE c.consent_email IS NOT NULL;
UPDATE customers SET
    consent_offers_as_of = CASE WHEN consent_offers IS NULL THEN NULL ELSE
        (SELECT imported_at FROM imports WHERE id = customers.import_id) END,
    consent_email_as_of = CASE WHEN consent_email IS NULL THEN NULL ELSE
        (SELECT imported_at FROM imports WHERE id = customers.import_id) END;
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY,
    customer_hmac TEXT NOT NULL,
    erased_at TEXT NOT NULL,
    rows_removed TEXT NOT NULL DEFAULT '{}',
    exports TEXT NOT NULL DEFAULT '[]',
    program_version TEXT NOT NULL
);
CREATE INDEX erasures_by_hmac ON erasures(customer_hmac);
CREATE INDEX campaign_rows_by_customer ON campaign_rows(customer);
CREATE INDEX decisions_by_subject ON decisions(subject);
)sql";

// Version 4: saved scenarios. What a planner keeps of a page's work under a name: the request
// that computes it plus the edits made on top of its answer (a plan's edited weeks and locks, an
// applied layout), so reopening the project recomputes it and reapplies the edits. The
// fingerprint and program version say what it was computed from.
const char* kVersion4 = R"sql(
CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    name TEXT NOT NULL,
    analysis TEXT NOT NULL,
    request TEXT NOT NULL,
    edits TEXT NOT NULL DEFAULT '{}',
    input_fingerprint TEXT NOT NULL,
    program_version TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (page, name)
);
)sql";

// Version 5: markdown dates per item. A product's exit date (its last week on sale, when it
// differs from the season's) and the day stock on hand was received (no price change in the
// first weeks after arrival); both optional, NULL where a file does not give them.
const char* kVersion5 = R"sql(
ALTER TABLE products ADD COLUMN exit_date TEXT;
ALTER TABLE inventory ADD COLUMN received_date TEXT;
)sql";

// Version 6: layouts per store and over time. A zone or a link with store '' belongs to the plan
// every store shares; a store's own row overrides the shared one with the same key for that
// store. A layout row holds from valid_from ('' = since always) until the next valid_from of the
// same store and category. '' rather than NULL keeps the keys unique (SQLite's NULLs never
// conflict), so re-importing a file updates the rows it wrote. Zone ids are no longer unique on
// their own, so the foreign keys to zones(zone) go (the importer checks every zone a row names,
// per store); traffic and paths are rebuilt only to drop theirs. Every row is copied as it was:
// an older project's rows become the shared plan and a layout since always.
const char* kVersion6 = R"sql(
CREATE TABLE zones_v6 (
    zone TEXT,
    store TEXT NOT NULL DEFAULT '',
    name TEXT, type TEXT, x REAL, y REAL, width REAL, height REAL, polygon TEXT,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (zone, store)
);
INSERT INTO zones_v6(zone, name, type, x, y, width, height, polygon, import_id, line)
    SELECT zone, name, type, x, y, width, height, polygon, import_id, line FROM zones;
CREATE TABLE zone_links_v6 (
    zone_a TEXT NOT NULL,
    zone_b TEXT NOT NULL,
    store TEXT NOT NULL DEFAULT '',
    distance REAL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (zone_a, zone_b, store)
) WITHOUT ROWID;
INSERT INTO zone_links_v6(zone_a, zone_b, distance, import_id, line)
    SELECT zone_a, zone_b, distance, import_id, line FROM zone_links;
CREATE TABLE layout_v6 (
    category TEXT,
    store TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL DEFAULT '',
    zone TEXT NOT NULL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (category, store, valid_from)
);
INSERT INTO layout_v6(category, zone, import_id, line)
    SELECT category, zone, import_id, line FROM layout;
CREATE TABLE traffic_v6 (
    zone TEXT NOT NULL,
    time TEXT NOT NULL,
    visits REAL, dwell_seconds REAL,
    import_id INTEGER, line INTEGER,
    PRIMARY KEY (zone, time)
) WITHOUT ROWID;
INSERT INTO traffic_v6 SELECT zone, time, visits, dwell_seconds, import_id, line FROM traffic;
CREATE TABLE paths_v6 (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    shopper TEXT NOT NULL,
    zone TEXT NOT NULL,
    import_id INTEGER NOT NULL, line INTEGER
);
INSERT INTO paths_v6 SELECT id, time, shopper, zone, import_id, line FROM paths;
DROP TABLE layout;
DROP TABLE zone_links;
DROP TABLE traffic;
DROP TABLE paths;
DROP TABLE zones;
ALTER TABLE zones_v6 RENAME TO zones;
ALTER TABLE zone_links_v6 RENAME TO zone_links;
ALTER TABLE layout_v6 RENAME TO layout;
ALTER TABLE traffic_v6 RENAME TO traffic;
ALTER TABLE paths_v6 RENAME TO paths;
CREATE INDEX paths_by_shopper ON paths(shopper, time);
CREATE INDEX paths_by_import ON paths(import_id);
CREATE INDEX zones_by_store ON zones(store);
CREATE INDEX layout_by_store ON layout(store, category, valid_from);
)sql";

}  // namespace

const std::vector<const char*>& schemaMigrations() {
    static const std::vector<const char*> migrations{kVersion1, kVersion2, kVersion3,
                                                     kVersion4, kVersion5, kVersion6};
    return migrations;
}

}  // namespace mb::data
