#include "common/Error.h"
#include "common/Progress.h"
#include "data/DemoGenerator.h"
#include "data/Kind.h"

#include <Eigen/Dense>
#include <QCryptographicHash>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <set>

using mb::data::DemoOptions;
using mb::data::DemoResult;
using mb::data::generateDemo;

namespace {

// The demo files never quote a field, so a plain split reads them.
struct Table {
    QStringList header;
    std::vector<QStringList> rows;
    int column(const QString& name) const { return static_cast<int>(header.indexOf(name)); }
};

Table readTable(const QString& path) {
    Table table;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return table;
    table.header = QString::fromUtf8(file.readLine()).trimmed().split(u',');
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty())
            table.rows.push_back(line.split(u','));
    }
    return table;
}

QByteArray fileHash(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

QJsonObject readTruth(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

const QStringList kKinds{
    QStringLiteral("products"),   QStringLiteral("stores"),  QStringLiteral("sales"),
    QStringLiteral("inventory"),  QStringLiteral("baskets"), QStringLiteral("customers"),
    QStringLiteral("campaign"),   QStringLiteral("offers"),  QStringLiteral("zones"),
    QStringLiteral("zone_links"), QStringLiteral("layout"),  QStringLiteral("traffic"),
    QStringLiteral("paths")};

// Poisson regression by iteratively reweighted least squares; returns the coefficients and
// their quasi-Poisson standard errors (dispersion estimated from the Pearson residuals).
struct PoissonFit {
    Eigen::VectorXd beta;
    Eigen::VectorXd standardError;
};

PoissonFit fitPoisson(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
    const Eigen::Index n = x.rows();
    const Eigen::Index k = x.cols();
    // The usual GLM start: the fitted means begin at the observations (plus a half).
    Eigen::VectorXd mu = y.array() + 0.5;
    Eigen::VectorXd eta = mu.array().log();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(k);
    Eigen::MatrixXd information(k, k);
    for (int iteration = 0; iteration < 50; ++iteration) {
        const Eigen::VectorXd working = eta.array() + (y - mu).array() / mu.array();
        information = x.transpose() * mu.asDiagonal() * x;
        const Eigen::VectorXd next =
            information.ldlt().solve(x.transpose() * mu.asDiagonal() * working);
        const double change = (next - beta).cwiseAbs().maxCoeff();
        beta = next;
        eta = x * beta;
        mu = eta.array().exp();
        if (change < 1e-10)
            break;
    }
    const double dispersion =
        ((y - mu).array().square() / mu.array()).sum() / static_cast<double>(n - k);
    const Eigen::MatrixXd covariance =
        dispersion * information.ldlt().solve(Eigen::MatrixXd::Identity(k, k));
    return {beta, covariance.diagonal().cwiseSqrt()};
}

}  // namespace

class TestDemoGenerator : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void writesEveryKindWithItsHeader_data();
    void writesEveryKindWithItsHeader();
    void headersMatchImportContract_data();
    void headersMatchImportContract();
    void sameSeedSameBytes_data();
    void sameSeedSameBytes();
    void otherSeedOtherData();
    void committedDemoIsDefaultOutput();
    void salesRowsAtScaleOne_data();
    void salesRowsAtScaleOne();
    void salesRowsGrowWithScale();
    void rejectsBadOptions_data();
    void rejectsBadOptions();
    void rejectsUnwritableFolder();
    void cancelLeavesNoPartialFile();
    void reportsProgressToTheEnd();

    void recoversElasticity_data();
    void recoversElasticity();
    void recoversAffinityPairs_data();
    void recoversAffinityPairs();
    void recoversCampaignUpliftSign_data();
    void recoversCampaignUpliftSign();
    void consentShareNearPlanted_data();
    void consentShareNearPlanted();
    void pathsWalkFromEntranceToCheckout();
    void attachRatesFollowWalkingDistance_data();
    void attachRatesFollowWalkingDistance();
    void markdownsOnlyInClearanceWeeks();

private:
    QString demoDir(quint64 seed) const;

    QTemporaryDir m_root;
    std::map<quint64, DemoResult> m_demos;  // seed -> scale-1 output
};

QString TestDemoGenerator::demoDir(quint64 seed) const {
    return m_root.filePath(QStringLiteral("seed%1").arg(seed));
}

void TestDemoGenerator::initTestCase() {
    QVERIFY(m_root.isValid());
    for (quint64 seed : {quint64{42}, quint64{7}}) {
        DemoOptions options;
        options.seed = seed;
        m_demos[seed] = generateDemo(demoDir(seed), options);
    }
}

void TestDemoGenerator::writesEveryKindWithItsHeader_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("header");
    QTest::newRow("products") << "products"
                              << "product,name,category,subcategory,brand,unit_cost,regular_price";
    QTest::newRow("stores") << "stores"
                            << "store,name,region,cluster,area";
    QTest::newRow("sales") << "sales"
                           << "week,store,product,units,revenue,price,regular_price,feature,"
                              "display,tpr";
    QTest::newRow("inventory") << "inventory"
                               << "store,product,date,on_hand";
    QTest::newRow("baskets") << "baskets"
                             << "basket,product,customer,quantity,value,price,time,store";
    QTest::newRow("customers") << "customers"
                               << "customer,segment,consent_offers,consent_email,signup_date";
    QTest::newRow("campaign") << "campaign"
                              << "arm,customer,visit,purchase,spend,recency_days,frequency,"
                                 "monetary,tenure_days,segment,email_engaged,channel";
    QTest::newRow("offers") << "offers"
                            << "offer,category,product,discount,cost,capacity";
    QTest::newRow("zones") << "zones"
                           << "zone,name,type,x,y,width,height";
    QTest::newRow("zone_links") << "zone_links"
                                << "zone_a,zone_b,distance";
    QTest::newRow("layout") << "layout"
                            << "category,zone,store,valid_from";
    QTest::newRow("traffic") << "traffic"
                             << "time,zone,visits,dwell_seconds";
    QTest::newRow("paths") << "paths"
                           << "time,shopper,zone";
}

void TestDemoGenerator::writesEveryKindWithItsHeader() {
    QFETCH(QString, kind);
    QFETCH(QString, header);
    const DemoResult& result = m_demos.at(42);
    QVERIFY2(result.files.count(kind) == 1, qPrintable(kind));
    const QString path = result.files.at(kind);
    QCOMPARE(QFileInfo(path).fileName(), kind + QStringLiteral(".csv"));
    QVERIFY(QFileInfo(path).isAbsolute());
    const Table table = readTable(path);
    QCOMPARE(table.header.join(u','), header);
    QVERIFY2(!table.rows.empty(), qPrintable(path));
    for (const QStringList& row : table.rows) {
        QCOMPARE(row.size(), table.header.size());
    }
}

void TestDemoGenerator::headersMatchImportContract_data() {
    QTest::addColumn<QString>("kind");
    for (const QString& kind : kKinds) {
        QTest::newRow(qPrintable(kind)) << kind;
    }
}

void TestDemoGenerator::headersMatchImportContract() {
    QFETCH(QString, kind);
    const mb::data::KindSpec* spec = mb::data::findKind(kind);
    QVERIFY2(spec, qPrintable(kind));
    const Table table = readTable(m_demos.at(42).files.at(kind));
    for (const mb::data::FieldSpec& field : spec->fields) {
        if (field.required)
            QVERIFY2(table.header.contains(field.name), qPrintable(field.name));
    }
    // Campaign files carry their outcomes and features as extra columns; nothing else may.
    if (spec->keepsOtherColumns)
        return;
    for (const QString& column : table.header) {
        QVERIFY2(spec->field(column), qPrintable(kind + QStringLiteral(".") + column));
    }
}

void TestDemoGenerator::sameSeedSameBytes_data() {
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<double>("scale");
    QTest::newRow("default") << quint64{42} << 1.0;
    QTest::newRow("small") << quint64{7} << 0.3;
    QTest::newRow("large seed") << quint64{18446744073709551557ull} << 1.7;
}

void TestDemoGenerator::sameSeedSameBytes() {
    QFETCH(quint64, seed);
    QFETCH(double, scale);
    QTemporaryDir dir;
    DemoOptions options;
    options.seed = seed;
    options.scale = scale;
    const DemoResult first = generateDemo(dir.filePath(QStringLiteral("a")), options);
    const DemoResult second = generateDemo(dir.filePath(QStringLiteral("b")), options);
    QCOMPARE(first.files.size(), second.files.size());
    QCOMPARE(first.salesRows, second.salesRows);
    for (const auto& [kind, path] : first.files) {
        const QByteArray hash = fileHash(path);
        QVERIFY2(!hash.isEmpty(), qPrintable(path));
        QVERIFY2(hash == fileHash(second.files.at(kind)), qPrintable(kind));
    }
    QCOMPARE(fileHash(first.truthPath), fileHash(second.truthPath));
}

void TestDemoGenerator::otherSeedOtherData() {
    const DemoResult& a = m_demos.at(42);
    const DemoResult& b = m_demos.at(7);
    for (const QString& kind :
         {QStringLiteral("products"), QStringLiteral("sales"), QStringLiteral("baskets"),
          QStringLiteral("customers"), QStringLiteral("campaign"), QStringLiteral("paths")}) {
        QVERIFY2(fileHash(a.files.at(kind)) != fileHash(b.files.at(kind)), qPrintable(kind));
    }
    QVERIFY(fileHash(a.truthPath) != fileHash(b.truthPath));
}

void TestDemoGenerator::committedDemoIsDefaultOutput() {
    const QDir committed(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo"));
    const DemoResult& result = m_demos.at(42);
    for (const auto& [kind, path] : result.files) {
        const QString copy = committed.filePath(kind + QStringLiteral(".csv"));
        QVERIFY2(QFileInfo::exists(copy), qPrintable(copy));
        QVERIFY2(fileHash(copy) == fileHash(path),
                 qPrintable(copy + QStringLiteral(" differs from `generate --seed 42 --scale 1`")));
    }
    QCOMPARE(fileHash(committed.filePath(QStringLiteral("truth.json"))),
             fileHash(result.truthPath));
    // Nothing else lives there, so the folder is exactly what the generator writes.
    QCOMPARE(committed.entryList(QDir::Files).size(),
             static_cast<qsizetype>(result.files.size() + 1));
}

void TestDemoGenerator::salesRowsAtScaleOne_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("42") << quint64{42};
    QTest::newRow("7") << quint64{7};
}

void TestDemoGenerator::salesRowsAtScaleOne() {
    QFETCH(quint64, seed);
    const DemoResult& result = m_demos.at(seed);
    const Table sales = readTable(result.files.at(QStringLiteral("sales")));
    QCOMPARE(static_cast<qint64>(sales.rows.size()), result.salesRows);
    QVERIFY2(result.salesRows >= 10000 && result.salesRows <= 30000,
             qPrintable(QString::number(result.salesRows)));
    // One row per week, store and product at most.
    std::set<QString> keys;
    for (const QStringList& row : sales.rows) {
        keys.insert(row[0] + u'|' + row[1] + u'|' + row[2]);
    }
    QCOMPARE(static_cast<qint64>(keys.size()), result.salesRows);
}

void TestDemoGenerator::salesRowsGrowWithScale() {
    QTemporaryDir dir;
    DemoOptions options;
    options.scale = 2.0;
    const DemoResult doubled = generateDemo(dir.path(), options);
    const double ratio =
        static_cast<double>(doubled.salesRows) / static_cast<double>(m_demos.at(42).salesRows);
    QVERIFY2(ratio > 1.9 && ratio < 2.1, qPrintable(QString::number(ratio)));
    QCOMPARE(readTable(doubled.files.at(QStringLiteral("stores"))).rows.size(), std::size_t{20});
    // Each store has its own random stream, so the first ten stores sell exactly as at scale 1.
    const Table small = readTable(m_demos.at(42).files.at(QStringLiteral("sales")));
    const Table large = readTable(doubled.files.at(QStringLiteral("sales")));
    for (std::size_t i = 0; i < small.rows.size(); ++i) {
        QCOMPARE(large.rows[i], small.rows[i]);
    }
}

void TestDemoGenerator::rejectsBadOptions_data() {
    QTest::addColumn<double>("scale");
    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative") << -1.0;
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("infinite") << std::numeric_limits<double>::infinity();
    QTest::newRow("huge") << 1e7;
}

void TestDemoGenerator::rejectsBadOptions() {
    QFETCH(double, scale);
    QTemporaryDir dir;
    DemoOptions options;
    options.scale = scale;
    QVERIFY_THROWS_EXCEPTION(mb::Error, generateDemo(dir.filePath(QStringLiteral("out")), options));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("out"))));
}

void TestDemoGenerator::rejectsUnwritableFolder() {
    QTemporaryDir dir;
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY_THROWS_EXCEPTION(mb::Error,
                             generateDemo(blocker + QStringLiteral("/out"), DemoOptions{}));
    QVERIFY_THROWS_EXCEPTION(mb::Error, generateDemo(QString(), DemoOptions{}));
}

void TestDemoGenerator::cancelLeavesNoPartialFile() {
    QTemporaryDir dir;
    mb::ProgressToken token;
    token.setListener([&token](double fraction) {
        if (fraction > 0.2)
            token.cancel();
    });
    QVERIFY_THROWS_EXCEPTION(mb::Error, generateDemo(dir.path(), DemoOptions{}, &token));
    QVERIFY(token.isCancelled());
    // Sales was being written when the cancel came: no half file, and nothing after it.
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("products.csv"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("sales.csv"))));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("truth.json"))));
}

void TestDemoGenerator::reportsProgressToTheEnd() {
    QTemporaryDir dir;
    std::vector<double> seen;
    mb::ProgressToken token([&seen](double fraction) { seen.push_back(fraction); });
    generateDemo(dir.path(), DemoOptions{}, &token);
    QVERIFY(seen.size() > 10);
    QCOMPARE(seen.back(), 1.0);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        QVERIFY(seen[i] >= seen[i - 1]);
    }
}

void TestDemoGenerator::recoversElasticity_data() {
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("product");
    // Always-ranged core products of five food categories: every store sells them every week,
    // and they sell enough (15 to 60 a week) for a standard error near 0.1; home products sell
    // about 4 a week, too few for a sharp test at scale 1.
    for (quint64 seed : {quint64{42}, quint64{7}}) {
        for (const char* product : {"P001", "P006", "P011", "P016", "P021"}) {
            QTest::addRow("seed %llu %s", static_cast<unsigned long long>(seed), product)
                << seed << QString::fromLatin1(product);
        }
    }
}

void TestDemoGenerator::recoversElasticity() {
    QFETCH(quint64, seed);
    QFETCH(QString, product);
    const DemoResult& result = m_demos.at(seed);
    const Table sales = readTable(result.files.at(QStringLiteral("sales")));
    const int week = sales.column(QStringLiteral("week"));
    const int store = sales.column(QStringLiteral("store"));
    const int units = sales.column(QStringLiteral("units"));
    const int price = sales.column(QStringLiteral("price"));
    const int regular = sales.column(QStringLiteral("regular_price"));
    const int feature = sales.column(QStringLiteral("feature"));
    const int display = sales.column(QStringLiteral("display"));
    const int tpr = sales.column(QStringLiteral("tpr"));
    std::vector<const QStringList*> rows;
    std::map<QString, int> storeIndex;
    for (const QStringList& row : sales.rows) {
        if (row[2] != product)
            continue;
        rows.push_back(&row);
        storeIndex.emplace(row[store], 0);
    }
    int next = 0;
    for (auto& [name, index] : storeIndex) {
        index = next++;
    }
    // Columns: store intercepts, log(price / regular price), feature, display, tpr, and one
    // yearly harmonic (the planted season is a cosine with a category peak week).
    const int stores = static_cast<int>(storeIndex.size());
    const int priceColumn = stores;
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(rows.size()), stores + 6);
    Eigen::VectorXd y(static_cast<Eigen::Index>(rows.size()));
    const QDate reference(2022, 1, 3);  // season week 0
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const QStringList& row = *rows[i];
        const auto r = static_cast<Eigen::Index>(i);
        x(r, storeIndex.at(row[store])) = 1.0;
        x(r, priceColumn) = std::log(row[price].toDouble() / row[regular].toDouble());
        x(r, priceColumn + 1) = row[feature].toDouble();
        x(r, priceColumn + 2) = row[display].toDouble();
        x(r, priceColumn + 3) = row[tpr].toDouble();
        const qint64 days = reference.daysTo(QDate::fromString(row[week], Qt::ISODate));
        const double angle = 2.0 * std::numbers::pi * static_cast<double>((days / 7) % 52) / 52.0;
        x(r, priceColumn + 4) = std::cos(angle);
        x(r, priceColumn + 5) = std::sin(angle);
        y(r) = row[units].toDouble();
    }
    const PoissonFit fit = fitPoisson(x, y);
    const double estimate = fit.beta(priceColumn);
    const double standardError = fit.standardError(priceColumn);

    double planted = std::numeric_limits<double>::quiet_NaN();
    const QJsonArray products =
        readTruth(result.truthPath)[QStringLiteral("demand")][QStringLiteral("products")].toArray();
    for (const QJsonValue& value : products) {
        if (value[QStringLiteral("product")].toString() == product)
            planted = value[QStringLiteral("elasticity")].toDouble();
    }
    QVERIFY2(std::isfinite(planted), qPrintable(product));
    qInfo("%s seed %llu: planted %.3f, estimated %.3f (s.e. %.3f, %zu rows)", qPrintable(product),
          static_cast<unsigned long long>(seed), planted, estimate, standardError, rows.size());
    // About 130 store-weeks per product are on a 8-40% price cut; with Poisson and 12% log-normal
    // noise the standard error is near 0.1, so 0.35 is more than three standard errors, while
    // category elasticities are 0.2 to 1.8 apart, so a wrong sign or a mixed-up product fails.
    QVERIFY2(standardError < 0.15, qPrintable(QString::number(standardError)));
    QVERIFY2(std::abs(estimate - planted) < 0.35,
             qPrintable(QStringLiteral("%1 vs %2").arg(estimate).arg(planted)));
}

void TestDemoGenerator::recoversAffinityPairs_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("42") << quint64{42};
    QTest::newRow("7") << quint64{7};
}

void TestDemoGenerator::recoversAffinityPairs() {
    QFETCH(quint64, seed);
    const DemoResult& result = m_demos.at(seed);
    const Table products = readTable(result.files.at(QStringLiteral("products")));
    std::map<QString, QString> categoryOf;
    for (const QStringList& row : products.rows) {
        categoryOf[row[0]] = row[products.column(QStringLiteral("category"))];
    }
    const Table baskets = readTable(result.files.at(QStringLiteral("baskets")));
    std::map<QString, std::set<QString>> basketCategories;
    for (const QStringList& row : baskets.rows) {
        QVERIFY2(categoryOf.count(row[1]), qPrintable(row[1]));
        basketCategories[row[0]].insert(categoryOf.at(row[1]));
    }
    const double total = static_cast<double>(basketCategories.size());
    QVERIFY(total > 2000);
    std::map<QString, double> single;
    std::map<std::pair<QString, QString>, double> both;
    for (const auto& [basket, categories] : basketCategories) {
        for (const QString& a : categories) {
            single[a] += 1.0;
            for (const QString& b : categories) {
                if (a < b)
                    both[{a, b}] += 1.0;
            }
        }
    }
    auto lift = [&](QString a, QString b) {
        if (b < a)
            std::swap(a, b);
        return both[{a, b}] * total / (single[a] * single[b]);
    };
    const QJsonObject truth = readTruth(result.truthPath)[QStringLiteral("baskets")].toObject();
    std::set<std::pair<QString, QString>> planted;
    for (const QJsonValue& pair : truth[QStringLiteral("pairs")].toArray()) {
        QString a = pair[QStringLiteral("category_a")].toString();
        QString b = pair[QStringLiteral("category_b")].toString();
        const double expected = pair[QStringLiteral("expected_lift")].toDouble();
        const double observed = lift(a, b);
        qInfo("%s-%s: lift %.2f, planted %.2f", qPrintable(a), qPrintable(b), observed, expected);
        QVERIFY2(observed > 1.5, qPrintable(a + u'-' + b));
        // Several hundred baskets hold each pair, so the lift is within about 10% of its mean.
        QVERIFY2(std::abs(observed / expected - 1.0) < 0.2, qPrintable(a + u'-' + b));
        if (b < a)
            std::swap(a, b);
        planted.insert({a, b});
    }
    QCOMPARE(planted.size(), std::size_t{3});
    // Pairs that were not planted are independent apart from the non-empty basket rule.
    for (const auto& [a, countA] : single) {
        for (const auto& [b, countB] : single) {
            if (!(a < b) || planted.count({a, b}))
                continue;
            QVERIFY2(lift(a, b) < 1.2,
                     qPrintable(QStringLiteral("%1-%2 %3").arg(a, b).arg(lift(a, b))));
        }
    }
}

void TestDemoGenerator::recoversCampaignUpliftSign_data() {
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("segment");
    QTest::addColumn<QString>("arm");
    for (quint64 seed : {quint64{42}, quint64{7}}) {
        for (const char* segment : {"deal_seeker", "regular", "premium"}) {
            for (const char* arm : {"offer_a", "offer_b"}) {
                QTest::addRow("seed %llu %s %s", static_cast<unsigned long long>(seed), segment,
                              arm)
                    << seed << QString::fromLatin1(segment) << QString::fromLatin1(arm);
            }
        }
    }
}

void TestDemoGenerator::recoversCampaignUpliftSign() {
    QFETCH(quint64, seed);
    QFETCH(QString, segment);
    QFETCH(QString, arm);
    const DemoResult& result = m_demos.at(seed);
    const Table campaign = readTable(result.files.at(QStringLiteral("campaign")));
    const int armColumn = campaign.column(QStringLiteral("arm"));
    const int segmentColumn = campaign.column(QStringLiteral("segment"));
    const int purchaseColumn = campaign.column(QStringLiteral("purchase"));
    double treated = 0.0, treatedCount = 0.0, control = 0.0, controlCount = 0.0;
    for (const QStringList& row : campaign.rows) {
        if (row[segmentColumn] != segment)
            continue;
        if (row[armColumn] == arm) {
            treated += row[purchaseColumn].toDouble();
            treatedCount += 1.0;
        } else if (row[armColumn] == QStringLiteral("control")) {
            control += row[purchaseColumn].toDouble();
            controlCount += 1.0;
        }
    }
    QVERIFY(treatedCount > 100 && controlCount > 100);
    const double pTreated = treated / treatedCount;
    const double pControl = control / controlCount;
    const double difference = pTreated - pControl;
    const double standardError = std::sqrt(pTreated * (1 - pTreated) / treatedCount +
                                           pControl * (1 - pControl) / controlCount);
    const double planted =
        readTruth(result.truthPath)[QStringLiteral("campaign")][QStringLiteral("purchase_uplift")]
                                   [segment][arm]
                                       .toDouble(std::numeric_limits<double>::quiet_NaN());
    QVERIFY(std::isfinite(planted));
    qInfo("%s %s: uplift %.3f (s.e. %.3f), planted %.3f", qPrintable(segment), qPrintable(arm),
          difference, standardError, planted);
    // About 200 customers per segment and arm give a standard error near 0.045: planted effects
    // of 0.10 or more show their sign, smaller ones must be within 3.5 standard errors of it.
    if (std::abs(planted) >= 0.1) {
        QVERIFY2(difference * planted > 0.0, qPrintable(QString::number(difference)));
    }
    QVERIFY2(std::abs(difference - planted) < 3.5 * standardError,
             qPrintable(QString::number(difference)));
}

void TestDemoGenerator::consentShareNearPlanted_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("42") << quint64{42};
    QTest::newRow("7") << quint64{7};
}

void TestDemoGenerator::consentShareNearPlanted() {
    QFETCH(quint64, seed);
    const DemoResult& result = m_demos.at(seed);
    const Table customers = readTable(result.files.at(QStringLiteral("customers")));
    const int consent = customers.column(QStringLiteral("consent_offers"));
    double refused = 0.0;
    for (const QStringList& row : customers.rows) {
        refused += row[consent] == QStringLiteral("0") ? 1.0 : 0.0;
    }
    const double share = refused / static_cast<double>(customers.rows.size());
    const double planted =
        1.0 -
        readTruth(
            result.truthPath)[QStringLiteral("campaign")][QStringLiteral("consent_offers_share")]
            .toDouble();
    // 2000 customers: the binomial standard error of the share is 0.008.
    QVERIFY2(std::abs(share - planted) < 0.03, qPrintable(QString::number(share)));
    // The campaign only holds customers who agreed to offers.
    const Table campaign = readTable(result.files.at(QStringLiteral("campaign")));
    QCOMPARE(static_cast<double>(campaign.rows.size()),
             static_cast<double>(customers.rows.size()) - refused);
}

// Shortest walks between zones from the written zones and links (Floyd-Warshall), so the check
// does not reuse the generator's own distances.
std::map<std::pair<QString, QString>, double> walkingMetres(const DemoResult& result) {
    const Table links = readTable(result.files.at(QStringLiteral("zone_links")));
    std::set<QString> names;
    std::map<std::pair<QString, QString>, double> metres;
    for (const QStringList& row : links.rows) {
        names.insert(row[0]);
        names.insert(row[1]);
        metres[{row[0], row[1]}] = metres[{row[1], row[0]}] = row[2].toDouble();
    }
    const double far = std::numeric_limits<double>::infinity();
    auto at = [&](const QString& a, const QString& b) {
        const auto found = metres.find({a, b});
        return a == b ? 0.0 : (found == metres.end() ? far : found->second);
    };
    for (const QString& k : names)
        for (const QString& a : names)
            for (const QString& b : names)
                if (at(a, k) + at(k, b) < at(a, b))
                    metres[{a, b}] = at(a, k) + at(k, b);
    return metres;
}

void TestDemoGenerator::attachRatesFollowWalkingDistance_data() {
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed 42") << quint64{42};
    QTest::newRow("seed 7") << quint64{7};
}

// The planted model (truth.json layout_effect): P(b | a) = eta * chance_b * weight_ab *
// rr^(-(d_ab - d0) / 10 m) in every store and period. The baskets' co-purchases, summed over
// the pairs placed near (at most 18 m) and far (at least 36 m) apart, match what that formula
// predicts for the baskets holding a, and not what it predicts without the distance term.
void TestDemoGenerator::attachRatesFollowWalkingDistance() {
    QFETCH(quint64, seed);
    const DemoResult& result = m_demos.at(seed);
    const QJsonObject truth = readTruth(result.truthPath);
    const QJsonObject planted = truth[QStringLiteral("layout_effect")].toObject();
    const double rr = planted[QStringLiteral("rate_ratio_per_10m")].toDouble();
    const double d0 = planted[QStringLiteral("reference_distance_m")].toDouble();
    const double eta = planted[QStringLiteral("pair_propensity")].toDouble();
    const QString changeDate = planted[QStringLiteral("change_date")].toString();
    std::map<QString, double> chance;
    for (const QJsonValue& category :
         truth[QStringLiteral("demand")][QStringLiteral("categories")].toArray())
        chance[category[QStringLiteral("category")].toString()] =
            category[QStringLiteral("basket_chance")].toDouble();
    std::set<std::pair<QString, QString>> plantedPairs;
    for (const QJsonValue& pair :
         truth[QStringLiteral("baskets")][QStringLiteral("pairs")].toArray()) {
        const QString a = pair[QStringLiteral("category_a")].toString();
        const QString b = pair[QStringLiteral("category_b")].toString();
        plantedPairs.insert({a, b});
        plantedPairs.insert({b, a});
    }
    const double plantedWeight = planted[QStringLiteral("planted_pair_weight")].toDouble();
    const auto metres = walkingMetres(result);

    // zone of (store, category) before and from the change day
    std::map<std::pair<QString, QString>, std::array<QString, 2>> zoneOf;
    const Table layout = readTable(result.files.at(QStringLiteral("layout")));
    for (const QStringList& row : layout.rows) {
        auto& zones = zoneOf[{row[2], row[0]}];
        if (row[3].isEmpty()) {
            zones = {row[1], row[1]};
        } else {
            QCOMPARE(row[3], changeDate);
            zones[1] = row[1];
        }
    }
    std::map<QString, QString> categoryOf;
    const Table products = readTable(result.files.at(QStringLiteral("products")));
    for (const QStringList& row : products.rows)
        categoryOf[row[0]] = row[products.column(QStringLiteral("category"))];
    struct Basket {
        QString store;
        int period = 0;
        std::set<QString> categories;
    };
    std::map<QString, Basket> baskets;
    const Table lines = readTable(result.files.at(QStringLiteral("baskets")));
    for (const QStringList& row : lines.rows) {
        Basket& basket = baskets[row[0]];
        basket.store = row[lines.column(QStringLiteral("store"))];
        basket.period = row[lines.column(QStringLiteral("time"))].left(10) >= changeDate ? 1 : 0;
        basket.categories.insert(categoryOf.at(row[1]));
    }
    // observed and expected co-purchases of near and far ordered pairs
    std::array<double, 2> observed{}, expected{}, flat{};
    for (const auto& [id, basket] : baskets) {
        QVERIFY2(basket.categories.size() <= 2, qPrintable(id));
        for (const QString& a : basket.categories) {
            for (const auto& [b, chanceB] : chance) {
                if (b == a)
                    continue;
                const QString& zoneA = zoneOf.at({basket.store, a})[basket.period];
                const QString& zoneB = zoneOf.at({basket.store, b})[basket.period];
                const double d = metres.at({zoneA, zoneB});
                const int band = d <= 18.0 ? 0 : (d >= 36.0 ? 1 : -1);
                if (band < 0)
                    continue;
                const double weight = plantedPairs.count({a, b}) ? plantedWeight : 1.0;
                const double rate = eta * chanceB * weight * std::pow(rr, -(d - d0) / 10.0);
                expected[band] += rate;
                flat[band] += eta * chanceB * weight;
                observed[band] += basket.categories.count(b) ? 1.0 : 0.0;
            }
        }
    }
    for (int band : {0, 1}) {
        qInfo("band %d: %.0f co-purchases, %.1f expected", band, observed[band], expected[band]);
        // Poisson-like counts in the thousands: 4 standard errors.
        QVERIFY(std::abs(observed[band] - expected[band]) < 4.0 * std::sqrt(expected[band]));
    }
    // Without the distance effect (rr = 1) the same formula misses both bands: near pairs
    // attach more, far pairs less than it predicts.
    QVERIFY(observed[0] > flat[0] + 4.0 * std::sqrt(flat[0]));
    QVERIFY(observed[1] < flat[1] - 4.0 * std::sqrt(flat[1]));
}

void TestDemoGenerator::pathsWalkFromEntranceToCheckout() {
    const DemoResult& result = m_demos.at(42);
    const Table zones = readTable(result.files.at(QStringLiteral("zones")));
    std::map<QString, QString> typeOf;
    for (const QStringList& row : zones.rows) {
        typeOf[row[0]] = row[zones.column(QStringLiteral("type"))];
    }
    QVERIFY(zones.rows.size() >= 12 && zones.rows.size() <= 20);
    const Table links = readTable(result.files.at(QStringLiteral("zone_links")));
    std::set<std::pair<QString, QString>> linked;
    for (const QStringList& row : links.rows) {
        linked.insert({row[0], row[1]});
        linked.insert({row[1], row[0]});
        QVERIFY(row[2].toDouble() > 0.0);
    }
    // Every store places the eight categories in eight different departments since always.
    const Table layout = readTable(result.files.at(QStringLiteral("layout")));
    std::map<QString, std::set<QString>> sinceAlways;
    for (const QStringList& row : layout.rows) {
        QCOMPARE(typeOf[row[1]], QStringLiteral("department"));
        if (row[3].isEmpty())
            sinceAlways[row[2]].insert(row[1]);
    }
    QCOMPARE(sinceAlways.size(), std::size_t{10});
    for (const auto& [store, departments] : sinceAlways)
        QVERIFY2(departments.size() == 8, qPrintable(store));
    const Table paths = readTable(result.files.at(QStringLiteral("paths")));
    std::map<QString, std::vector<QString>> walks;
    for (const QStringList& row : paths.rows) {
        walks[row[1]].push_back(row[2]);
    }
    QVERIFY(walks.size() > 200);
    for (const auto& [shopper, walk] : walks) {
        QCOMPARE(typeOf[walk.front()], QStringLiteral("entrance"));
        QCOMPARE(typeOf[walk.back()], QStringLiteral("checkout"));
        for (std::size_t i = 1; i < walk.size(); ++i) {
            QVERIFY2(linked.count({walk[i - 1], walk[i]}),
                     qPrintable(shopper + u' ' + walk[i - 1] + u' ' + walk[i]));
        }
    }
    const Table traffic = readTable(result.files.at(QStringLiteral("traffic")));
    QCOMPARE(traffic.rows.size() % zones.rows.size(), std::size_t{0});
}

void TestDemoGenerator::markdownsOnlyInClearanceWeeks() {
    // A price under the regular price is either a flagged TPR or a markdown of a product with a
    // season; no other row may be discounted, and markdowns follow the ladder downwards.
    const DemoResult& result = m_demos.at(42);
    const QJsonArray products =
        readTruth(result.truthPath)[QStringLiteral("demand")][QStringLiteral("products")].toArray();
    std::map<QString, QString> programme;
    for (const QJsonValue& value : products) {
        programme[value[QStringLiteral("product")].toString()] =
            value[QStringLiteral("programme")].toString();
    }
    const Table sales = readTable(result.files.at(QStringLiteral("sales")));
    std::map<QString, double> lastRatio;  // store|product -> price ratio of the previous row
    int markdownRows = 0;
    for (const QStringList& row : sales.rows) {
        const double ratio = row[5].toDouble() / row[6].toDouble();
        const bool tpr = row[9] == QStringLiteral("1");
        const QString key = row[1] + u'|' + row[2];
        if (programme[row[2]] == QStringLiteral("always")) {
            QCOMPARE(ratio < 1.0, tpr);
            continue;
        }
        QVERIFY(!tpr);
        if (ratio < 1.0) {
            ++markdownRows;
            const auto previous = lastRatio.find(key);
            if (previous != lastRatio.end() && previous->second < 1.0) {
                QVERIFY2(ratio <= previous->second + 1e-9, qPrintable(key + u' ' + row[0]));
            }
        }
        lastRatio[key] = ratio;
    }
    QVERIFY(markdownRows > 500);
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
