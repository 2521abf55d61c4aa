#pragma once

#include "fakegeminiserver.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"

#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTemporaryDir>

// What the widgets that edit the key work on: Credentials over the given environment, a memory
// keychain (that a test can tell to fail) and a file in a temporary folder, and a fake Gemini server
// that accepts goodKey. A test's own fixture derives from it and adds the widget.
struct CredentialsFixture
{
    explicit CredentialsFixture(const QString &goodKey, const QProcessEnvironment &environment = QProcessEnvironment())
        : env(environment)
        , file(dir.path() + QStringLiteral("/config/secrets.json"))
        , credentials(&env, &keychain, &file)
    {
        server.setApiKey(goodKey);
        if (!server.listen())
            qFatal("fake server: %s", qPrintable(server.errorString()));
    }

    QTemporaryDir dir;
    FakeGeminiServer server;
    QNetworkAccessManager nam;
    EnvSecretStore env;
    MemorySecretStore keychain;
    FileSecretStore file;
    Credentials credentials;
};

// The child of parent with that objectName; a missing one ends the test run at once (a renamed
// field), rather than crashing on a null pointer later.
template<typename T> T *requireChild(const QObject *parent, const QString &name)
{
    T *child = parent->findChild<T *>(name);
    if (!child)
        qFatal("no child %s", qPrintable(name));
    return child;
}
