#pragma once

#include "secretstore.h"

#include <QHash>

// Secrets kept in memory for this run only: the "don't remember this key" choice, the fallback when
// no keychain works, and tests. setFailure() makes every operation fail the way a broken keychain
// would (tests of the fallback paths).
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)

public:
    explicit MemorySecretStore(QObject *parent = nullptr);

    QString description() const override; // "memory, for this session only"
    void read(const QString &name) override;
    void write(const QString &name, const QString &value) override;
    void remove(const QString &name) override;

    // Every later operation fails with error (kind None: works again).
    void setFailure(const SecretError &error) { m_failure = error; }
    // What is stored, synchronously (tests, and Credentials' own bookkeeping).
    bool contains(const QString &name) const { return m_values.contains(name); }
    QString value(const QString &name) const { return m_values.value(name); }

private:
    QHash<QString, QString> m_values;
    SecretError m_failure;
};
