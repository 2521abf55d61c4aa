#pragma once

#include <QLoggingCategory>
#include <QObject>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcSecrets) // alhena.secrets: names and errors only, never a value

// The names of the secrets Alhena keeps. They are the keychain's account names too.
namespace SecretNames {
inline constexpr const char *ApiKey = "gemini-api-key";
inline constexpr const char *ProxyPassword = "proxy-password";
} // namespace SecretNames

// Why a secret store could not do what it was asked. Never carries the secret itself.
struct SecretError
{
    enum class Kind {
        None,
        NotFound,    // nothing stored under that name (not a failure of the store)
        Unavailable, // no keychain here: no Secret Service or KWallet, no session bus, locked and not unlocked
        Denied,      // the user or the system refused access
        ReadOnly,    // the store cannot write (the environment)
        Failed,      // anything else: an I/O error, a damaged file, a backend error
    };
    Kind kind = Kind::None;
    QString detail; // the backend's own words, for the log and the "details" of a message; untranslated

    bool ok() const { return kind == Kind::None; }
    // Plain words for the user (translated), naming what to do where there is something to do.
    QString userText() const;
    friend bool operator==(const SecretError &, const SecretError &) = default;
};

// Somewhere to keep secrets (the API key, the proxy password). Every operation is asynchronous and
// answers with exactly one signal, never from inside the call (a caller may connect after calling) and
// never through a nested event loop: a keychain may wait on the user for as long as the user takes.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    using QObject::QObject;

    // Where the secrets go, in words for the user: "the system keychain", "the environment
    // (GEMINI_API_KEY)", "a file only you can read (~/.config/Alhena/secrets.json)".
    virtual QString description() const = 0;
    virtual bool isWritable() const { return true; }

    virtual void read(const QString &name) = 0;                        // -> readFinished
    virtual void write(const QString &name, const QString &value) = 0; // -> writeFinished
    virtual void remove(const QString &name) = 0; // -> removeFinished; removing what is not there is no error

Q_SIGNALS:
    // value is empty unless error.ok(); a missing secret is NotFound.
    void readFinished(const QString &name, const QString &value, const SecretError &error);
    void writeFinished(const QString &name, const SecretError &error);
    void removeFinished(const QString &name, const SecretError &error);
};

Q_DECLARE_METATYPE(SecretError)
