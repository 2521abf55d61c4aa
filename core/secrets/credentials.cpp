#include "credentials.h"

#include "envsecretstore.h"
#include "filesecretstore.h"
#include "memorysecretstore.h"

#include <QMetaObject>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QString ApiKeyName = QString::fromLatin1(SecretNames::ApiKey);

bool isFailure(const SecretError &error)
{
    return !error.ok() && error.kind != SecretError::Kind::NotFound;
}
} // namespace

Credentials::Credentials(EnvSecretStore *environment, SecretStore *keychain, FileSecretStore *file, QObject *parent)
    : QObject(parent)
    , m_environment(environment)
    , m_keychain(keychain)
    , m_file(file)
    , m_session(new MemorySecretStore(this))
{
    watch(m_keychain);
    watch(m_file);
}

Credentials::~Credentials() = default;

void Credentials::watch(SecretStore *store)
{
    if (!store)
        return;
    connect(store, &SecretStore::readFinished, this,
        [this, store](const QString &name, const QString &value, const SecretError &error) {
            answered(store, Op::Read, name, value, error);
        });
    connect(store, &SecretStore::writeFinished, this,
        [this, store](const QString &name, const SecretError &error) { answered(store, Op::Write, name, {}, error); });
    connect(store, &SecretStore::removeFinished, this,
        [this, store](const QString &name, const SecretError &error) { answered(store, Op::Remove, name, {}, error); });
}

void Credentials::expect(SecretStore *store, Op op, const QString &name, Answer answer)
{
    m_pending.append({store, op, name, std::move(answer)});
}

void Credentials::answered(
    SecretStore *store, Op op, const QString &name, const QString &value, const SecretError &error)
{
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        const Pending &p = m_pending.at(i);
        if (p.store == store && p.op == op && p.name == name) {
            const Answer answer = p.answer; // the answer may add calls of its own
            m_pending.removeAt(i);
            answer(value, error);
            return;
        }
    }
    // Not ours: someone else's call on a shared store.
}

void Credentials::later(std::function<void()> function)
{
    QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
}

void Credentials::load()
{
    const QStringList names {ApiKeyName, QString::fromLatin1(SecretNames::ProxyPassword)};
    if (!m_keychain)
        m_keychainProblem = tr("This build of Alhena cannot use the system keychain.");

    struct Found
    {
        QString keychain;
        QString file;
        int waiting = 0;
        quint64 sequence = 0;
    };
    for (const QString &name : names) {
        auto found = std::make_shared<Found>();
        found->sequence = m_sequence.value(name);
        found->waiting = (m_keychain ? 1 : 0) + (m_file ? 1 : 0);
        m_pendingReads += found->waiting > 0 ? 1 : 0;
        auto resolve = [this, name, found] {
            if (--found->waiting > 0)
                return;
            // A store() or forget() made since load() began knows better than what was read.
            if (isCurrent(name, found->sequence)) {
                if (!found->keychain.isEmpty())
                    setEntry(name, {found->keychain, Location::Keychain});
                else if (!found->file.isEmpty())
                    setEntry(name, {found->file, Location::File});
            }
            if (--m_pendingReads == 0) {
                m_loaded = true;
                Q_EMIT loaded();
            }
        };
        if (m_keychain) {
            expect(m_keychain, Op::Read, name,
                [this, name, found, resolve](const QString &value, const SecretError &error) {
                    if (error.ok())
                        found->keychain = value;
                    else if (isFailure(error) && m_keychainProblem.isEmpty())
                        m_keychainProblem = error.userText();
                    if (isFailure(error))
                        qCInfo(lcSecrets) << "the keychain could not be read for" << name << error.detail;
                    resolve();
                });
            m_keychain->read(name);
        }
        if (m_file) {
            expect(m_file, Op::Read, name, [this, found, resolve](const QString &value, const SecretError &error) {
                if (error.ok())
                    found->file = value;
                else if (isFailure(error) && m_fileProblem.isEmpty())
                    m_fileProblem = error.userText();
                resolve();
            });
            m_file->read(name);
        }
    }
    if (m_pendingReads == 0) {
        later([this] {
            m_loaded = true;
            Q_EMIT loaded();
        });
    }
}

QString Credentials::value(const QString &name) const
{
    if (name == ApiKeyName && m_environment && !m_environment->apiKey().isEmpty())
        return m_environment->apiKey();
    return m_entries.value(name).value;
}

Credentials::Location Credentials::location(const QString &name) const
{
    if (name == ApiKeyName && m_environment && !m_environment->apiKey().isEmpty())
        return Location::Environment;
    return m_entries.value(name).location;
}

QString Credentials::environmentVariable() const
{
    return location(ApiKeyName) == Location::Environment ? m_environment->variable() : QString();
}

bool Credentials::hasStoredKeyShadowedByEnvironment() const
{
    const Location stored = m_entries.value(ApiKeyName).location;
    return location(ApiKeyName) == Location::Environment && (stored == Location::Keychain || stored == Location::File);
}

QString Credentials::filePath() const
{
    return m_file ? m_file->path() : QString();
}

bool Credentials::setEntry(const QString &name, const Entry &entry)
{
    // The session store holds exactly the values whose place is memory.
    if (entry.location == Location::Session)
        m_session->write(name, entry.value);
    else if (m_session->contains(name))
        m_session->remove(name);
    const Entry previous = m_entries.value(name);
    if (entry.location == Location::None)
        m_entries.remove(name);
    else
        m_entries.insert(name, entry);
    return previous != entry;
}

void Credentials::finishStore(const QString &name, const Entry &entry, Location where)
{
    const bool changedEntry = setEntry(name, entry);
    Q_EMIT stored(name, where);
    if (changedEntry)
        Q_EMIT changed(name);
}

void Credentials::failStore(const QString &name, const QString &value, const QString &reason)
{
    qCWarning(lcSecrets) << "keeping" << name << "in memory for this session:" << reason;
    const bool changedEntry = setEntry(name, {value, Location::Session});
    Q_EMIT storeFailed(name, reason);
    if (changedEntry)
        Q_EMIT changed(name);
}

void Credentials::removeCopy(SecretStore *store, const QString &name)
{
    if (!store || (store == m_file && !m_file->exists()))
        return;
    expect(store, Op::Remove, name, [name](const QString &, const SecretError &error) {
        // The secret is in use from its new place; a copy left behind is only worth a log line.
        if (!error.ok())
            qCWarning(lcSecrets) << "could not remove the old copy of" << name << error.detail;
    });
    store->remove(name);
}

void Credentials::store(const QString &name, const QString &value, Location where)
{
    if (value.isEmpty() || where == Location::None) {
        forget(name);
        return;
    }
    const quint64 sequence = ++m_sequence[name];
    switch (where) {
    case Location::None:
        break;
    case Location::Environment: {
        const QString reason = SecretError {SecretError::Kind::ReadOnly, {}}.userText();
        later([this, name, value, sequence, reason] {
            if (isCurrent(name, sequence))
                failStore(name, value, reason);
        });
        break;
    }
    case Location::Keychain:
        if (!m_keychain) {
            later([this, name, value, sequence] {
                if (!isCurrent(name, sequence))
                    return;
                m_keychainProblem = tr("This build of Alhena cannot use the system keychain.");
                failStore(name, value, m_keychainProblem);
            });
            break;
        }
        expect(m_keychain, Op::Write, name, [this, name, value, sequence](const QString &, const SecretError &error) {
            if (!isCurrent(name, sequence))
                return;
            if (!error.ok()) {
                m_keychainProblem = error.userText();
                failStore(name, value, m_keychainProblem);
                return;
            }
            m_keychainProblem.clear();
            removeCopy(m_file, name); // one place only
            finishStore(name, {value, Location::Keychain}, Location::Keychain);
        });
        m_keychain->write(name, value);
        break;
    case Location::File:
        if (!m_file) {
            later([this, name, value, sequence] {
                if (isCurrent(name, sequence))
                    failStore(name, value, tr("No file for secrets is set up."));
            });
            break;
        }
        expect(m_file, Op::Write, name, [this, name, value, sequence](const QString &, const SecretError &error) {
            if (!isCurrent(name, sequence))
                return;
            if (!error.ok()) {
                failStore(name, value, error.userText());
                return;
            }
            m_fileProblem.clear();
            removeCopy(m_keychain, name);
            finishStore(name, {value, Location::File}, Location::File);
        });
        m_file->write(name, value);
        break;
    case Location::Session:
        removeCopy(m_keychain, name);
        removeCopy(m_file, name);
        later([this, name, value, sequence] {
            if (isCurrent(name, sequence))
                finishStore(name, {value, Location::Session}, Location::Session);
        });
        break;
    }
}

void Credentials::forget(const QString &name)
{
    const quint64 sequence = ++m_sequence[name];
    struct State
    {
        int waiting = 0;
        SecretError keychain;
        SecretError file;
    };
    auto state = std::make_shared<State>();
    const Location previous = m_entries.value(name).location;
    auto finish = [this, name, sequence, state, previous] {
        if (--state->waiting > 0 || !isCurrent(name, sequence))
            return;
        const bool changedEntry = setEntry(name, {});
        using K = SecretError::Kind;
        const SecretError &k = state->keychain;
        // No keychain, or nothing in it: nothing can be left behind there. But a keychain that held
        // the key and fails now (locked: QtKeychain says OtherError, read as Unavailable) may keep it.
        const bool leftInKeychain
            = !k.ok() && k.kind != K::NotFound && (k.kind != K::Unavailable || previous == Location::Keychain);
        if (leftInKeychain)
            Q_EMIT forgetFailed(name, k.userText());
        else if (previous == Location::File && isFailure(state->file))
            Q_EMIT forgetFailed(name, state->file.userText());
        else
            Q_EMIT forgotten(name);
        if (changedEntry)
            Q_EMIT changed(name);
    };
    state->waiting = 1; // finish() below, once every removal is sent
    if (m_keychain) {
        ++state->waiting;
        expect(m_keychain, Op::Remove, name, [state, finish](const QString &, const SecretError &error) {
            state->keychain = error;
            finish();
        });
        m_keychain->remove(name);
    }
    if (m_file && m_file->exists()) {
        ++state->waiting;
        expect(m_file, Op::Remove, name, [state, finish](const QString &, const SecretError &error) {
            state->file = error;
            finish();
        });
        m_file->remove(name);
    }
    later(finish);
}
