#pragma once

#include "net/clientconfig.h"
#include "settings/preferences.h"

#include <QDialog>
#include <QUrl>

#include <functional>
#include <optional>

class AppSettings;
class ApiKeyEditor;
class Credentials;
class QComboBox;
class QIcon;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QWidget;

// Settings, as pages listed on the left (like KeePassXC and qBittorrent):
// - API key: where the key comes from (the environment, which wins and cannot be changed here; the
//   keychain; the 0600 file; this session only; none), the ApiKeyEditor to change and test it, and
//   "Remove" (asks first). Key changes take effect at once, apart from OK and Cancel.
// - Connection: base URL (empty: Google's) and API version, with a note when GOOGLE_GEMINI_BASE_URL
//   or --api-base overrides them; proxy: system, none, or manual HTTP/SOCKS5 host, port, user and
//   password (the password goes to Credentials, never the settings file); request timeout, stream
//   idle timeout, retries.
// - Attachments: the inline-size threshold (MB): requests under it carry attachments inline, larger
//   ones upload them through the Files API.
// - Appearance: theme (system, light, dark), font size, send with Enter or with Ctrl+Enter, interface
//   language (after a restart).
// - Data: the data folder and the settings file, each with "Open".
// OK and Apply check every field first (a bad URL or host keeps the dialog open on that page, the
// field marked and the reason shown) and then write through AppSettings, which applies at once.
// Object names: settingsPages (the list), settingsStack, and one per field: baseUrlEdit,
// apiVersionEdit, proxySystemRadio, proxyNoneRadio, proxyManualRadio, proxyTypeCombo, proxyHostEdit,
// proxyPortSpin, proxyUserEdit, proxyPasswordEdit, requestTimeoutSpin, streamTimeoutSpin, retriesSpin,
// inlineLimitSpin, themeCombo, fontSizeSpin, sendKeyCombo, languageCombo, dataFolderLabel,
// openDataFolderButton, settingsFileLabel, openSettingsFolderButton, keyLocationLabel, removeKeyButton,
// endpointOverrideNote, settingsProblemLabel.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    enum class Page {
        ApiKey,
        Connection,
        Attachments,
        Appearance,
        Data
    };
    Q_ENUM(Page)

    struct Context
    {
        // Set when the endpoint does not come from the settings: the URL in use and what set it
        // ("GOOGLE_GEMINI_BASE_URL", "the command line").
        QString baseUrlOverride;
        QString baseUrlOverrideSource;
        ClientConfig clientConfig; // what Test uses before the dialog's own endpoint is applied
        QString dataFolder;
        QStringList languages; // available interface languages (QLocale names)
    };

    using Confirmation = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;
    using FolderOpener = std::function<bool(const QUrl &folder)>;

    SettingsDialog(AppSettings *settings, Credentials *credentials, QNetworkAccessManager *nam, const Context &context,
        QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void showPage(Page page);
    Page currentPage() const;
    // The preferences as the fields show them now.
    Preferences editedPreferences() const;
    // Checks and writes; false (and the problem shown on its page) when a field is wrong.
    bool apply();

    ApiKeyEditor *keyEditor() const { return m_keyEditor; }
    void setConfirmation(Confirmation confirmation);
    void setFolderOpener(FolderOpener opener) { m_openFolder = std::move(opener); }

    void accept() override;

private:
    QWidget *makeApiKeyPage();
    QWidget *makeConnectionPage();
    QWidget *makeAttachmentsPage();
    QWidget *makeAppearancePage();
    QWidget *makeDataPage();
    void addPage(Page page, const QString &title, const QIcon &icon, QWidget *content);
    void loadFields(const Preferences &preferences, std::optional<Page> only = std::nullopt);
    void restoreDefaults();
    void updateKeyLocation();
    void updateProxyFields();
    void updateKeyEditorConfig();
    void showProblem(Page page, QWidget *field, const QString &text);
    void clearProblem();
    void openFolder(const QString &folder);

    AppSettings *m_settings;
    Credentials *m_credentials;
    Context m_context;
    Confirmation m_confirm;
    FolderOpener m_openFolder;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_stack = nullptr;
    ApiKeyEditor *m_keyEditor = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QLabel *m_problemLabel = nullptr;
    QList<QLabel *> m_markedLabels;
    // API key
    QLabel *m_keyLocationLabel = nullptr;
    QPushButton *m_removeKeyButton = nullptr;
    // Connection
    QLineEdit *m_baseUrlEdit = nullptr;
    QLineEdit *m_apiVersionEdit = nullptr;
    QLabel *m_endpointNote = nullptr;
    QRadioButton *m_proxySystem = nullptr;
    QRadioButton *m_proxyNone = nullptr;
    QRadioButton *m_proxyManual = nullptr;
    QComboBox *m_proxyType = nullptr;
    QLineEdit *m_proxyHost = nullptr;
    QSpinBox *m_proxyPort = nullptr;
    QLineEdit *m_proxyUser = nullptr;
    QLineEdit *m_proxyPassword = nullptr;
    QSpinBox *m_requestTimeout = nullptr;
    QSpinBox *m_streamTimeout = nullptr;
    QSpinBox *m_retries = nullptr;
    // Attachments
    QSpinBox *m_inlineLimit = nullptr;
    // Appearance
    QComboBox *m_theme = nullptr;
    QSpinBox *m_fontSize = nullptr;
    QComboBox *m_sendKey = nullptr;
    QComboBox *m_language = nullptr;
    // The proxy password as stored, to write it only when the user changed it.
    QString m_storedProxyPassword;
    bool m_proxyPasswordEdited = false;
    // The inline limit as read, kept when the spin box (whole MB) still shows its rounded value.
    qint64 m_loadedInlineLimit = 0;
};
