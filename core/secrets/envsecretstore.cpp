#include "envsecretstore.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

// The same rule as ClientConfig::apiKeyFromEnvironment(): the first of these that is set and not
// blank once trimmed.
EnvSecretStore::EnvSecretStore(const QProcessEnvironment &environment, QObject *parent)
    : SecretStore(parent)
{
    for (const QString &variable : {u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s}) {
        const QString value = environment.value(variable).trimmed();
        if (!value.isEmpty()) {
            m_variable = variable;
            m_key = value;
            break;
        }
    }
}

QString EnvSecretStore::description() const
{
    if (m_variable.isEmpty())
        return tr("the environment variables GEMINI_API_KEY and GOOGLE_API_KEY");
    return tr("the environment variable %1").arg(m_variable);
}

void EnvSecretStore::read(const QString &name)
{
    QString value;
    SecretError error;
    if (name == QLatin1StringView(SecretNames::ApiKey) && !m_key.isEmpty())
        value = m_key;
    else
        error = {SecretError::Kind::NotFound, u"%1 is not set in the environment"_s.arg(name)};
    QMetaObject::invokeMethod(
        this, [this, name, value, error] { Q_EMIT readFinished(name, value, error); }, Qt::QueuedConnection);
}

void EnvSecretStore::write(const QString &name, const QString &)
{
    const SecretError error {SecretError::Kind::ReadOnly, u"the environment cannot be written"_s};
    QMetaObject::invokeMethod(
        this, [this, name, error] { Q_EMIT writeFinished(name, error); }, Qt::QueuedConnection);
}

void EnvSecretStore::remove(const QString &name)
{
    const SecretError error {SecretError::Kind::ReadOnly, u"the environment cannot be written"_s};
    QMetaObject::invokeMethod(
        this, [this, name, error] { Q_EMIT removeFinished(name, error); }, Qt::QueuedConnection);
}
