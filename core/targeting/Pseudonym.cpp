#include "targeting/Pseudonym.h"

#include "common/Error.h"

#include <QMessageAuthenticationCode>

namespace mb::targeting {

QByteArray hmacSha256(const QByteArray& key, const QByteArray& message) {
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

Pseudonymiser::Pseudonymiser(QByteArray key, QString prefix, int hexDigits)
    : key_(std::move(key)), prefix_(std::move(prefix)), hexDigits_(hexDigits) {
    if (key_.size() < minimumKeyBytes)
        throw Error(QStringLiteral("the pseudonym key must be at least %1 bytes long (it is %2)")
                        .arg(minimumKeyBytes)
                        .arg(key_.size()));
    if (hexDigits_ < 8 || hexDigits_ > 64)
        throw Error(QStringLiteral("pseudonyms must have 8 to 64 hex digits (asked for %1)")
                        .arg(hexDigits_));
}

QString Pseudonymiser::pseudonym(const QString& customerId) const {
    const QByteArray mac = hmacSha256(key_, customerId.toUtf8()).toHex().left(hexDigits_);
    return prefix_ + QString::fromLatin1(mac);
}

}  // namespace mb::targeting
