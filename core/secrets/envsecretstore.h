#pragma once

#include "secretstore.h"

#include <QProcessEnvironment>

// The API key from the environment: GEMINI_API_KEY, then GOOGLE_API_KEY (as Google's SDKs read them),
// trimmed; a variable that is set but blank counts as unset. Read-only: write and remove fail with
// ReadOnly. Any other secret name reads as NotFound.
class EnvSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvSecretStore)

public:
    explicit EnvSecretStore(
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(), QObject *parent = nullptr);

    QString description() const override; // "the environment variable GEMINI_API_KEY"
    bool isWritable() const override { return false; }
    void read(const QString &name) override;
    void write(const QString &name, const QString &value) override;
    void remove(const QString &name) override;

    // The variable the API key comes from ("GEMINI_API_KEY" or "GOOGLE_API_KEY"); empty when neither is set.
    QString variable() const { return m_variable; }
    QString apiKey() const { return m_key; }

private:
    QString m_variable;
    QString m_key;
};
