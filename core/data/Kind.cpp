#include "data/Kind.h"

#include <algorithm>

namespace mb::data {

namespace {

using T = FieldType;
constexpr double kInf = std::numeric_limits<double>::infinity();
// Plausible magnitudes (README, import rules). A value beyond them is an export or unit error
// (1e308, cents read as units), not a sale, and would swamp every total and fit it touches.
constexpr double kMaxUnitMoney = 1e7;  // a price or cost per unit
constexpr double kMaxQuantity = 1e9;   // units sold, basket quantities, stock on hand
constexpr double kMaxAmount = 1e12;    // revenue, line values and every other number

FieldSpec field(const char* name, FieldType type, bool required, QStringList aliases = {},
                double minimum = -kInf, double maximum = kInf, const char* references = "") {
    FieldSpec spec;
    spec.name = QString::fromLatin1(name);
    spec.type = type;
    spec.required = required;
    spec.aliases = std::move(aliases);
    const bool numeric = type == FieldType::Number || type == FieldType::Integer;
    spec.minimum = numeric ? std::max(minimum, -kMaxAmount) : minimum;
    spec.maximum = numeric ? std::min(maximum, kMaxAmount) : maximum;
    spec.references = QString::fromLatin1(references);
    return spec;
}

QStringList words(const char* text) {
    return QString::fromLatin1(text).split(u' ', Qt::SkipEmptyParts);
}

const QStringList kProductAliases =
    words("sku upc upc_id product_id item_id item_no stockcode stock_code article article_id");
const QStringList kStoreAliases =
    words("store_id store_no store_nbr shop shop_id location_id branch");
const QStringList kRegularPriceAliases =
    words("base_price list_price full_price original_price regular");
const QStringList kCustomerAliases = words(
    "customer_id customer_no customerid client client_id member member_id household_key hh_id");

std::vector<KindSpec> buildKinds() {
    std::vector<KindSpec> kinds;
    auto add = [&](const char* name, const char* table, const char* description,
                   std::vector<FieldSpec> fields, const char* key) {
        KindSpec kind;
        kind.name = QString::fromLatin1(name);
        kind.table = QString::fromLatin1(table);
        kind.description = QString::fromLatin1(description);
        kind.fields = std::move(fields);
        kind.key = words(key);
        kinds.push_back(std::move(kind));
        return &kinds.back();
    };
    add("products", "products", "Product catalogue: one row per product (SKU).",
        {field("product", T::Text, true, kProductAliases),
         field("name", T::Text, false, words("description product_name item_name title")),
         field("category", T::Text, false, words("category_name dept department")),
         field("subcategory", T::Text, false, words("sub_category subcategory_name sub_cat")),
         field("brand", T::Text, false, words("manufacturer brand_name")),
         field("unit_cost", T::Number, false, words("cost cost_price unit_cost_price"), 0,
               kMaxUnitMoney),
         field("regular_price", T::Number, false, kRegularPriceAliases, 0, kMaxUnitMoney),
         field("exit_date", T::Date, false, words("exit exit_week"))},
        "product");
    add("stores", "stores", "Stores: one row per store, with its region and cluster.",
        {field("store", T::Text, true, kStoreAliases),
         field("name", T::Text, false, words("store_name")),
         field("region", T::Text, false, words("state address_state_prov_code area_name district")),
         field("cluster", T::Text, false, words("store_cluster segment seg_value_name format")),
         field("area", T::Number, false,
               words("sales_area sales_area_size_num size square_metres sqm sqft"), 0)},
        "store");
    add("sales", "sales", "Weekly sales per store and product: units, revenue, price, promotions.",
        {field("week", T::Week, true, words("week_start week_date date week_end_date period")),
         field("store", T::Text, true, kStoreAliases, -kInf, kInf, "stores"),
         field("product", T::Text, true, kProductAliases, -kInf, kInf, "products"),
         field("units", T::Number, true, words("qty quantity unit_sales units_sold volume move"),
               -kMaxQuantity, kMaxQuantity),
         field("revenue", T::Number, false, words("spend sales_value dollars amount turnover")),
         field("price", T::Number, false, words("shelf_price unit_price selling_price"), 0,
               kMaxUnitMoney),
         field("regular_price", T::Number, false, kRegularPriceAliases, 0, kMaxUnitMoney),
         field("feature", T::Flag, false, words("feat featured ad")),
         field("display", T::Flag, false, words("disp on_display")),
         field("tpr", T::Flag, false, words("tpr_only temporary_price_reduction price_reduction"))},
        "product store week");
    add("inventory", "inventory", "Stock on hand per store and product on a date.",
        {field("store", T::Text, true, kStoreAliases, -kInf, kInf, "stores"),
         field("product", T::Text, true, kProductAliases, -kInf, kInf, "products"),
         field("date", T::Date, true, words("as_of snapshot_date stock_date")),
         field("on_hand", T::Number, true,
               words("stock on_hand_units units quantity qty inventory soh"), 0, kMaxQuantity),
         field("received_date", T::Date, false, words("received arrival_date arrived"))},
        "store product date");
    KindSpec* baskets = add(
        "baskets", "basket_lines",
        "Basket lines: one row per item bought (or one basket per line with --format lines).",
        {field("basket", T::Text, true,
               words("basket_id invoice invoiceno invoice_no transaction transaction_id receipt "
                     "order_id ticket")),
         field("product", T::Text, false, kProductAliases + words("item")),
         field("category", T::Text, false, words("category_name dept department")),
         field("customer", T::Text, false, kCustomerAliases),
         field("quantity", T::Number, false, words("qty units"), -kMaxQuantity, kMaxQuantity),
         field("value", T::Number, false, words("spend amount line_value sales_value revenue")),
         // Transaction logs carry returns and adjustments: negative values are kept, not refused.
         field("price", T::Number, false, words("unit_price unitprice"), -kMaxUnitMoney,
               kMaxUnitMoney),
         field("time", T::DateTime, false,
               words("timestamp datetime invoicedate invoice_date date")),
         field("store", T::Text, false, kStoreAliases)},
        "");
    baskets->oneOf = words("product category");
    add("customers", "customers", "Customers with their segment and consent flags.",
        {field("customer", T::Text, true, kCustomerAliases),
         field("segment", T::Text, false, words("customer_segment tier")),
         field("consent_offers", T::Flag, false,
               words("offers_consent consent marketing_consent opt_in")),
         field("consent_email", T::Flag, false, words("email_consent email_opt_in")),
         field("signup_date", T::Date, false, words("joined join_date signup member_since")),
         // When the consent flags were stated: the latest statement wins (else the import time).
         field("consent_date", T::Date, false,
               words("updated_at consent_updated consent_updated_at consent_as_of last_updated"))},
        "customer");
    KindSpec* campaign =
        add("campaign", "campaign_rows",
            "Results of a past randomised campaign: arm, outcomes and customer features.",
            {field("arm", T::Text, true, words("treatment group variant offer")),
             field("customer", T::Text, false, kCustomerAliases)},
            "");
    campaign->keepsOtherColumns = true;
    add("offers", "offers", "Offers that can be targeted: discount, cost and capacity.",
        {field("offer", T::Text, true, words("offer_id coupon coupon_id promotion promo_id")),
         field("category", T::Text, false, words("target_category")),
         field("product", T::Text, false, kProductAliases),
         field("discount", T::Number, false, words("discount_rate discount_pct"), 0),
         field("cost", T::Number, false, words("unit_cost cost_per_offer"), 0, kMaxUnitMoney),
         field("capacity", T::Integer, false, words("limit max_redemptions stock"), 0)},
        "offer");
    add("zones", "zones", "Floor-plan zones in metres: entrances, aisles, departments, checkouts.",
        {field("zone", T::Text, true, words("zone_id section location area_id")),
         field("name", T::Text, false, words("zone_name label")),
         field("type", T::Text, false, words("zone_type kind")), field("x", T::Number, false),
         field("y", T::Number, false), field("width", T::Number, false, words("w"), 0),
         field("height", T::Number, false, words("h depth"), 0),
         field("polygon", T::Text, false, words("shape geometry")),
         // Absent: the plan every store shares; a store's own zone overrides the shared one.
         field("store", T::Text, false, kStoreAliases)},
        "zone store");
    add("zone_links", "zone_links", "Walkable adjacency between zones, with distances in metres.",
        {field("zone_a", T::Text, true, words("from from_zone source"), -kInf, kInf, "zones"),
         field("zone_b", T::Text, true, words("to to_zone target"), -kInf, kInf, "zones"),
         field("distance", T::Number, false, words("metres meters length"), 0),
         field("store", T::Text, false, kStoreAliases)},
        "zone_a zone_b store");
    add("layout", "layout",
        "Which zone each category sits in, per store (absent: every store) from a date on.",
        {field("category", T::Text, true, words("category_name dept")),
         field("zone", T::Text, true, words("zone_id section location"), -kInf, kInf, "zones"),
         field("store", T::Text, false, kStoreAliases),
         // The placement holds from this date until the next one of the same store and category.
         field("valid_from", T::Date, false,
               words("from_date effective_date effective_from start_date since"))},
        "category store valid_from");
    add("traffic", "traffic", "Foot traffic per zone and hour: visits and dwell time.",
        {field("time", T::DateTime, true, words("timestamp hour datetime date")),
         field("zone", T::Text, true, words("zone_id section location"), -kInf, kInf, "zones"),
         field("visits", T::Number, false, words("count visitors footfall"), 0),
         field("dwell_seconds", T::Number, false, words("dwell dwell_time"), 0)},
        "zone time");
    add("paths", "paths", "Shopper paths: a shopper seen in a zone at a time.",
        {field("time", T::DateTime, true, words("timestamp datetime")),
         field("shopper", T::Text, true, words("customer_no customer shopper_id visitor id")),
         field("zone", T::Text, true, words("zone_id section location"), -kInf, kInf, "zones")},
        "");
    return kinds;
}

}  // namespace

const FieldSpec* KindSpec::field(const QString& fieldName) const {
    for (const FieldSpec& spec : fields) {
        if (spec.name == fieldName)
            return &spec;
    }
    return nullptr;
}

int KindSpec::fieldIndex(const QString& fieldName) const {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == fieldName)
            return static_cast<int>(i);
    }
    return -1;
}

const std::vector<KindSpec>& allKinds() {
    static const std::vector<KindSpec> kinds = buildKinds();
    return kinds;
}

const KindSpec* findKind(const QString& name) {
    for (const KindSpec& kind : allKinds()) {
        if (kind.name == name || kind.table == name)
            return &kind;
    }
    return nullptr;
}

QString fieldTypeName(FieldType type) {
    switch (type) {
        case FieldType::Text:
            return QStringLiteral("text");
        case FieldType::Number:
            return QStringLiteral("number");
        case FieldType::Integer:
            return QStringLiteral("whole number");
        case FieldType::Flag:
            return QStringLiteral("flag (0/1)");
        case FieldType::Date:
            return QStringLiteral("date");
        case FieldType::Week:
            return QStringLiteral("week (a date in the week)");
        case FieldType::DateTime:
            return QStringLiteral("date and time");
    }
    return {};
}

QString normalizedHeader(const QString& header) {
    QString text = header.trimmed().toLower();
    while (text.size() >= 2 && (text.front() == u'"' || text.front() == u'\'') &&
           text.back() == text.front()) {
        text = text.mid(1, text.size() - 2).trimmed();
    }
    for (QChar& c : text) {
        if (c == u' ' || c == u'-' || c == u'.' || c == u'/')
            c = u'_';
    }
    return text;
}

}  // namespace mb::data
