#pragma once

#include "secrets/secretstore.h"

// The OS keychain through QtKeychain (Secret Service on GNOME and most desktops, KWallet on KDE).
// One QtKeychain job per operation, auto-deleted, answering through its finished signal: never a
// nested event loop (an unlock prompt takes as long as the user takes). Error mapping (QtKeychain
// 0.13 gives OtherError, not only NoBackendAvailable, when there is no session bus or the keyring is
// locked): EntryNotFound -> NotFound; AccessDenied, AccessDeniedByUser -> Denied;
// NoBackendAvailable, NotImplemented, OtherError -> Unavailable; the rest -> Failed.
// Never enables QtKeychain's insecure (plain-text) fallback.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    static constexpr const char *DefaultService = "io.github.alhena.Alhena";

    // service: the keychain's service name (tests use a name of their own).
    explicit KeychainSecretStore(
        const QString &service = QString::fromLatin1(DefaultService), QObject *parent = nullptr);

    QString description() const override; // "the system keychain"
    void read(const QString &name) override;
    void write(const QString &name, const QString &value) override;
    void remove(const QString &name) override;

private:
    QString m_service;
};
