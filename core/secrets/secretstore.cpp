#include "secretstore.h"

#include <QCoreApplication>

Q_LOGGING_CATEGORY(lcSecrets, "alhena.secrets", QtInfoMsg)

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(SecretError)
};
} // namespace

QString SecretError::userText() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::NotFound:
        return Tr::tr("Nothing is saved under this name.");
    case Kind::Unavailable:
        return Tr::tr("No system keychain could be used: no keychain service (such as GNOME Keyring or KWallet) "
                      "is running, or it is locked.");
    case Kind::Denied:
        return Tr::tr("The system keychain refused access: it may be locked, or access was denied.");
    case Kind::ReadOnly:
        return Tr::tr("This value comes from an environment variable and cannot be changed here.");
    case Kind::Failed:
        // The detail is the only thing that says which file or which backend went wrong.
        return detail.isEmpty() ? Tr::tr("The secret could not be read or saved.")
                                : Tr::tr("The secret could not be read or saved: %1").arg(detail);
    }
    return {};
}
