#pragma once

#include "net/clientconfig.h"
#include "net/keycheck.h"
#include "secrets/credentials.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QEvent;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QToolButton;

// The API key field, shared by the onboarding page and the settings dialog: the key (hidden, with a
// Show toggle), "Test" (KeyCheck: models.list with this key, through the app's network manager and
// endpoint) and "Save" (Credentials: into the keychain), with the outcome in plain words under them.
// "Remember this key on this computer" unchecked keeps the key for this session only.
// When the keychain refuses, the reason is shown with two choices: keep the key for this session
// (already in effect) or "Save in a file…", which asks first, with a warning that the file is plain
// text readable by anything running as this user. A pasted key is trimmed of white space and quotes.
// Object names: apiKeyEdit, showKeyButton, testKeyButton, saveKeyButton, rememberKeyCheck,
// keyStatusLabel, keychainFallbackBox, keepForSessionButton, saveToFileButton.
class ApiKeyEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiKeyEditor)

public:
    // Asks a yes/no question (the file warning); tests replace the message box.
    using Confirmation = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;

    ApiKeyEditor(Credentials *credentials, QNetworkAccessManager *nam, QWidget *parent = nullptr);
    ~ApiKeyEditor() override;

    // The endpoint and timeouts Test uses (the key in it is ignored).
    void setClientConfig(const ClientConfig &config) { m_config = config; }
    void setConfirmation(Confirmation confirmation) { m_confirm = std::move(confirmation); }

    QString key() const; // trimmed
    void setKey(const QString &key);
    void clear();

    void test();
    void save();

    QLineEdit *keyEdit() const { return m_edit; }
    QString statusText() const;
    bool isTesting() const;

    // What key() would refuse to test or save, in plain words; empty when it looks like a key.
    static QString keyProblem(const QString &key);
    // A pasted key cleaned up: surrounding white space and quotes, a "GEMINI_API_KEY=" prefix.
    static QString cleanKey(const QString &text);

Q_SIGNALS:
    void tested(const KeyCheck::Result &result);
    // The key is stored and in use (Keychain, File or Session).
    void saved(Credentials::Location where);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Tone {
        Normal,
        Warning,
        Error
    };
    void setStatus(const QString &text, Tone tone = Tone::Normal);
    void applyStatusTone();
    void updateButtons();
    void showIdleNote();
    void onTestFinished(const KeyCheck::Result &result);
    void onStored(const QString &name, Credentials::Location where);
    void onStoreFailed(const QString &name, const QString &reason);
    void keepForSession();
    void saveToFile();

    Credentials *m_credentials;
    KeyCheck *m_check;
    ClientConfig m_config;
    Confirmation m_confirm;
    QLineEdit *m_edit = nullptr;
    QToolButton *m_showButton = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_saveButton = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_fallbackBox = nullptr;
    QPushButton *m_keepButton = nullptr;
    QPushButton *m_fileButton = nullptr;
    QLabel *m_fallbackLabel = nullptr;
    Tone m_tone = Tone::Normal;
    // Where a save of ours is going (None: no save in flight), so signals about other secrets, or
    // another editor's saves, are not taken for ours.
    Credentials::Location m_pendingSave = Credentials::Location::None;
    bool m_statusIsNote = true; // the status shows the idle note, not an outcome
};
