#include "memorysecretstore.h"

#include <QMetaObject>

MemorySecretStore::MemorySecretStore(QObject *parent)
    : SecretStore(parent)
{ }

QString MemorySecretStore::description() const
{
    return tr("memory, for this session only");
}

// The state changes at call time, so that contains() and value() are current at once; the answer
// is queued, as every store's is.
void MemorySecretStore::read(const QString &name)
{
    SecretError error = m_failure;
    QString value;
    if (error.ok()) {
        if (m_values.contains(name))
            value = m_values.value(name);
        else
            error = {SecretError::Kind::NotFound, QStringLiteral("no secret named %1 in memory").arg(name)};
    }
    QMetaObject::invokeMethod(
        this, [this, name, value, error] { Q_EMIT readFinished(name, value, error); }, Qt::QueuedConnection);
}

void MemorySecretStore::write(const QString &name, const QString &value)
{
    const SecretError error = m_failure;
    if (error.ok())
        m_values.insert(name, value);
    QMetaObject::invokeMethod(
        this, [this, name, error] { Q_EMIT writeFinished(name, error); }, Qt::QueuedConnection);
}

void MemorySecretStore::remove(const QString &name)
{
    const SecretError error = m_failure;
    if (error.ok())
        m_values.remove(name);
    QMetaObject::invokeMethod(
        this, [this, name, error] { Q_EMIT removeFinished(name, error); }, Qt::QueuedConnection);
}
