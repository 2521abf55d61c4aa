#pragma once

#include "secretstore.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>

class EnvSecretStore;
class FileSecretStore;
class MemorySecretStore;

// Where each secret (the API key, the proxy password) lives, and the house rules for it:
// - the environment wins for the API key (GEMINI_API_KEY, GOOGLE_API_KEY) whatever is stored;
// - the keychain is where a secret is remembered;
// - when the keychain fails (none, locked, denied) the secret is kept in memory for this run, the
//   caller hears why (storeFailed), and may then choose the 0600 file, explicitly;
// - a secret found in the file (the user chose it on an earlier run) is used, and stays there until
//   it is stored elsewhere or forgotten.
// Everything answers by signal; nothing blocks and there is no nested event loop.
// The stores must outlive this object.
class Credentials final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Credentials)

public:
    enum class Location {
        None,        // not known anywhere
        Environment, // GEMINI_API_KEY / GOOGLE_API_KEY (API key only)
        Keychain,
        File,    // the 0600 file
        Session, // memory, for this run only
    };
    Q_ENUM(Location)

    // keychain may be null (no keychain support built in): it then behaves as Unavailable.
    Credentials(EnvSecretStore *environment, SecretStore *keychain, FileSecretStore *file, QObject *parent = nullptr);
    ~Credentials() override;

    // Reads the API key and the proxy password from the environment, the keychain and the file;
    // emits loaded() once every answer is in. Call once.
    void load();
    bool isLoaded() const { return m_loaded; }

    QString value(const QString &name) const;
    Location location(const QString &name) const;
    QString apiKey() const { return value(QString::fromLatin1(SecretNames::ApiKey)); }
    // The variable the API key comes from when location(ApiKey) is Environment; empty otherwise.
    QString environmentVariable() const;
    // A key saved in the keychain or the file while the environment's is in use (it is not used).
    bool hasStoredKeyShadowedByEnvironment() const;
    // Why the keychain could not be used the last time it was tried, in plain words; empty when it worked.
    QString keychainProblem() const { return m_keychainProblem; }
    // Why the file could not be read at load (damaged, unreadable), in plain words; empty when it could.
    QString fileProblem() const { return m_fileProblem; }
    QString filePath() const;

    // Remembers value under name in where: Keychain (on failure the value is kept for this run, and
    // storeFailed says why, so the UI can offer the file), File (the user chose it after the warning;
    // the keychain copy is removed) or Session (memory only; stored copies are removed). An empty
    // value is forget(name). Emits stored() or storeFailed(), and changed() when value or location
    // changed.
    void store(const QString &name, const QString &value, Location where = Location::Keychain);
    // Removes name from the keychain, the file and memory. An environment key stays in use (the UI
    // says so). Emits forgotten() or forgetFailed(), and changed().
    void forget(const QString &name);

Q_SIGNALS:
    void loaded();
    void changed(const QString &name);
    void stored(const QString &name, Credentials::Location where);
    // The keychain refused: the value is in use for this run (location Session); reason is plain words.
    void storeFailed(const QString &name, const QString &reason);
    void forgotten(const QString &name);
    void forgetFailed(const QString &name, const QString &reason);

private:
    enum class Op {
        Read,
        Write,
        Remove,
    };
    using Answer = std::function<void(const QString &value, const SecretError &error)>;
    struct Pending
    {
        SecretStore *store;
        Op op;
        QString name;
        Answer answer;
    };
    struct Entry;

    void watch(SecretStore *store);
    // Stores answer in call order, so the first pending call that matches is the one answered.
    void expect(SecretStore *store, Op op, const QString &name, Answer answer);
    void answered(SecretStore *store, Op op, const QString &name, const QString &value, const SecretError &error);
    void later(std::function<void()> function);
    bool isCurrent(const QString &name, quint64 sequence) const { return m_sequence.value(name) == sequence; }
    void removeCopy(SecretStore *store, const QString &name);
    // Sets what is stored for name; returns whether anything changed.
    bool setEntry(const QString &name, const Entry &entry);
    void finishStore(const QString &name, const Entry &entry, Location where);
    void failStore(const QString &name, const QString &value, const QString &reason);

    EnvSecretStore *m_environment;
    SecretStore *m_keychain;
    FileSecretStore *m_file;
    MemorySecretStore *m_session;
    struct Entry
    {
        QString value;
        Location location = Location::None;
        friend bool operator==(const Entry &, const Entry &) = default;
    };
    QHash<QString, Entry> m_entries; // stored values (keychain, file, session); the environment apart
    QString m_keychainProblem;
    QString m_fileProblem;
    QList<Pending> m_pending;
    // Bumped by every store() and forget(): an answer to an older call is stale and ignored, so the
    // last call wins.
    QHash<QString, quint64> m_sequence;
    bool m_loaded = false;
    int m_pendingReads = 0;
};
