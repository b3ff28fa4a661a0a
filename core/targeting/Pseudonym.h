#pragma once

#include <QByteArray>
#include <QString>

namespace mb::targeting {

// HMAC-SHA256 of message under key (RFC 2104 with SHA-256, as tested by RFC 4231).
QByteArray hmacSha256(const QByteArray& key, const QByteArray& message);

// Replaces customer ids by keyed pseudonyms so an exported list can leave the building without
// the ids: prefix + the first hexDigits of hex(HMAC-SHA256(key, UTF-8 id)). The same key always
// gives the same pseudonym, so a campaign system can match responses back; without the key the
// ids cannot be recovered or tested one by one.
class Pseudonymiser {
public:
    // Keys shorter than this are too easy to guess by trying every short word.
    static constexpr int minimumKeyBytes = 16;
    static constexpr int defaultHexDigits = 16;  // 64 bits: 10 million ids collide ~3e-6 times

    // Throws mb::Error when the key is shorter than minimumKeyBytes or hexDigits is not within
    // [8, 64].
    explicit Pseudonymiser(QByteArray key, QString prefix = QStringLiteral("c_"),
                           int hexDigits = defaultHexDigits);

    QString pseudonym(const QString& customerId) const;

    const QString& prefix() const { return prefix_; }
    int hexDigits() const { return hexDigits_; }

private:
    QByteArray key_;
    QString prefix_;
    int hexDigits_;
};

}  // namespace mb::targeting
