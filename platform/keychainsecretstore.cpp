#include "keychainsecretstore.h"

#include <QMetaObject>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace {
SecretError toSecretError(QKeychain::Error error, const QString &detail)
{
    using K = SecretError::Kind;
    switch (error) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return {K::NotFound, detail};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {K::Denied, detail};
    // 0.13 reports a missing session bus and a locked keyring as OtherError.
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return {K::Unavailable, detail};
    case QKeychain::CouldNotDeleteEntry:
        break;
    }
    return {K::Failed, detail};
}

// Jobs have no parent: a job deleted while the backend still holds its callback would crash, so
// each lives until it finishes (autoDelete). The store is the connection's context, so an answer
// that comes after the store is gone goes nowhere.
template<typename Job> Job *newJob(const QString &service, const QString &name)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setKey(name);
    return job;
}
} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{ }

QString KeychainSecretStore::description() const
{
    return tr("the system keychain");
}

// QtKeychain may emit finished() from inside start() (an immediate backend error), so the answer is
// captured there and re-emitted queued: never from inside our call.
void KeychainSecretStore::read(const QString &name)
{
    auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, name);
    connect(job, &QKeychain::Job::finished, this, [this, job, name] {
        const SecretError error = toSecretError(job->error(), job->errorString());
        const QString value = error.ok() ? job->textData() : QString();
        if (!error.ok() && error.kind != SecretError::Kind::NotFound)
            qCWarning(lcSecrets) << "keychain: reading" << name << "failed:" << job->error() << error.detail;
        QMetaObject::invokeMethod(
            this, [this, name, value, error] { Q_EMIT readFinished(name, value, error); }, Qt::QueuedConnection);
    });
    job->start();
}

void KeychainSecretStore::write(const QString &name, const QString &value)
{
    auto *job = newJob<QKeychain::WritePasswordJob>(m_service, name);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, job, name] {
        const SecretError error = toSecretError(job->error(), job->errorString());
        if (error.ok())
            qCInfo(lcSecrets) << "keychain: saved" << name;
        else
            qCWarning(lcSecrets) << "keychain: saving" << name << "failed:" << job->error() << error.detail;
        QMetaObject::invokeMethod(
            this, [this, name, error] { Q_EMIT writeFinished(name, error); }, Qt::QueuedConnection);
    });
    job->start();
}

void KeychainSecretStore::remove(const QString &name)
{
    auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, name);
    connect(job, &QKeychain::Job::finished, this, [this, job, name] {
        SecretError error = toSecretError(job->error(), job->errorString());
        // Removing what is not there is no error.
        if (error.kind == SecretError::Kind::NotFound)
            error = {};
        if (!error.ok())
            qCWarning(lcSecrets) << "keychain: removing" << name << "failed:" << job->error() << error.detail;
        QMetaObject::invokeMethod(
            this, [this, name, error] { Q_EMIT removeFinished(name, error); }, Qt::QueuedConnection);
    });
    job->start();
}
