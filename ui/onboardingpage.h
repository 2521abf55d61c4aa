#pragma once

#include "net/clientconfig.h"

#include <QWidget>

class ApiKeyEditor;
class Credentials;
class QLabel;
class QNetworkAccessManager;

// What the window shows instead of the conversation while there is no API key: what a key is and
// where to get one (a link to Google AI Studio's key page), the ApiKeyEditor to paste, Test and Save
// it, and where the key will be kept (the keychain; or why not). keyReady() once a key is saved or
// kept for the session: the window then goes straight to chatting.
// Object names: onboardingPage, onboardingTitle, onboardingText, onboardingLink, onboardingStorageNote,
// onboardingEndpointNote.
class OnboardingPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnboardingPage)

public:
    static constexpr const char *KeyPageUrl = "https://aistudio.google.com/apikey";

    OnboardingPage(Credentials *credentials, QNetworkAccessManager *nam, QWidget *parent = nullptr);

    ApiKeyEditor *editor() const { return m_editor; }
    void setClientConfig(const ClientConfig &config);
    // Shown above the key field when the endpoint is not Google's (a gateway), or is unusable.
    void setEndpointNote(const QString &text);
    QString endpointNote() const;

Q_SIGNALS:
    void keyReady();

private:
    ApiKeyEditor *m_editor = nullptr;
    QLabel *m_endpointNote = nullptr;
};
