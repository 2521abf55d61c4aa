#include "settingsdialog.h"

#include "apikeyeditor.h"
#include "chat/attachmentplanner.h"
#include "secrets/credentials.h"
#include "settings/appsettings.h"
#include "themecolors.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 BytesPerMB = 1000LL * 1000;

QString apiKeyName()
{
    return QString::fromLatin1(SecretNames::ApiKey);
}

QString proxyPasswordName()
{
    return QString::fromLatin1(SecretNames::ProxyPassword);
}

// A bold heading inside a form, for the groups of a page.
QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

// A quieter line of explanation under a field.
QLabel *note(const QString &text, const QString &objectName = {})
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    if (!objectName.isEmpty())
        label->setObjectName(objectName);
    QPalette palette;
    palette.setColor(QPalette::WindowText, label->palette().color(QPalette::Disabled, QPalette::WindowText));
    label->setPalette(palette);
    return label;
}

QFormLayout *formFor(QWidget *page)
{
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    return form;
}

// Adds "label: field" with the label as the field's buddy and the same tooltip on both.
QLabel *addRow(QFormLayout *form, const QString &text, QWidget *field, const QString &toolTip)
{
    auto *label = new QLabel(text);
    label->setBuddy(field);
    label->setToolTip(toolTip);
    field->setToolTip(toolTip);
    form->addRow(label, field);
    return label;
}

const QRegularExpression &apiVersionPattern()
{
    // As Preferences reads it back: "v1beta", "v1", "v1alpha".
    static const QRegularExpression pattern(u"^[A-Za-z0-9]{1,32}$"_s);
    return pattern;
}

} // namespace

SettingsDialog::SettingsDialog(AppSettings *settings, Credentials *credentials, QNetworkAccessManager *nam,
    const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_context(context)
    , m_confirm([](QWidget *parentWidget, const QString &title, const QString &text) {
        return QMessageBox::question(parentWidget, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    })
    , m_openFolder([](const QUrl &folder) { return QDesktopServices::openUrl(folder); })
{
    setWindowTitle(tr("Settings"));
    setObjectName(u"settingsDialog"_s);

    m_keyEditor = new ApiKeyEditor(credentials, nam);

    m_pageList = new QListWidget;
    m_pageList->setObjectName(u"settingsPages"_s);
    m_pageList->setIconSize(QSize(22, 22));
    m_pageList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_pageList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_pageList->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    m_stack = new QStackedWidget;
    m_stack->setObjectName(u"settingsStack"_s);

    addPage(Page::ApiKey, tr("API Key"), QIcon::fromTheme(u"dialog-password"_s, QIcon::fromTheme(u"password-copy"_s)),
        makeApiKeyPage());
    addPage(Page::Connection, tr("Connection"),
        QIcon::fromTheme(u"network-workgroup"_s, QIcon::fromTheme(u"network-wired"_s)), makeConnectionPage());
    addPage(Page::Attachments, tr("Attachments"),
        QIcon::fromTheme(u"mail-attachment"_s, QIcon::fromTheme(u"document-open"_s)), makeAttachmentsPage());
    addPage(Page::Appearance, tr("Appearance"),
        QIcon::fromTheme(u"preferences-desktop-theme"_s, QIcon::fromTheme(u"preferences-desktop-color"_s)),
        makeAppearancePage());
    addPage(
        Page::Data, tr("Data"), QIcon::fromTheme(u"folder"_s, QIcon::fromTheme(u"inode-directory"_s)), makeDataPage());
    m_pageList->setFixedWidth(m_pageList->sizeHintForColumn(0) + 2 * m_pageList->frameWidth() + 16);

    m_problemLabel = new QLabel;
    m_problemLabel->setObjectName(u"settingsProblemLabel"_s);
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setTextFormat(Qt::PlainText);
    m_problemLabel->hide();

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults);
    m_buttons->button(QDialogButtonBox::RestoreDefaults)
        ->setToolTip(tr("Put this page's settings back to their defaults"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, [this] { apply(); });
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
        &SettingsDialog::restoreDefaults);

    connect(m_pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        m_stack->setCurrentIndex(row);
        const auto page = static_cast<Page>(row);
        m_buttons->button(QDialogButtonBox::RestoreDefaults)->setEnabled(page != Page::ApiKey && page != Page::Data);
    });

    auto *pages = new QHBoxLayout;
    pages->addWidget(m_pageList);
    pages->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pages, 1);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    loadFields(m_settings->preferences());
    if (m_credentials) {
        m_storedProxyPassword = m_credentials->value(proxyPasswordName());
        m_proxyPassword->setText(m_storedProxyPassword);
        connect(m_credentials, &Credentials::changed, this, [this](const QString &name) {
            if (name == apiKeyName())
                updateKeyLocation();
            // The keychain may answer after the dialog opened; a password being typed is not replaced.
            if (name == proxyPasswordName() && !m_proxyPasswordEdited) {
                m_storedProxyPassword = m_credentials->value(proxyPasswordName());
                m_proxyPassword->setText(m_storedProxyPassword);
            }
        });
        connect(m_credentials, &Credentials::loaded, this, [this] {
            updateKeyLocation();
            if (!m_proxyPasswordEdited) {
                m_storedProxyPassword = m_credentials->value(proxyPasswordName());
                m_proxyPassword->setText(m_storedProxyPassword);
            }
        });
        connect(m_credentials, &Credentials::storeFailed, this, [this](const QString &name, const QString &reason) {
            if (name == proxyPasswordName()) {
                m_problemLabel->setText(
                    tr("The proxy password could not be saved in the keychain: %1 It is used for this session only.")
                        .arg(reason));
                ThemeColors::markAsError(m_problemLabel);
                m_problemLabel->show();
            }
        });
        connect(m_credentials, &Credentials::forgetFailed, this, [this](const QString &name, const QString &reason) {
            if (name == apiKeyName()) {
                m_keyLocationLabel->setText(tr("The key could not be removed: %1").arg(reason));
                ThemeColors::markAsError(m_keyLocationLabel);
            }
        });
    }
    // Applied settings are the ones in use from now on: Test must not go to an endpoint just removed.
    connect(m_settings, &AppSettings::preferencesChanged, this, [this](const Preferences &current) {
        if (m_context.baseUrlOverride.isEmpty())
            m_context.clientConfig.baseUrl
                = QUrl(current.baseUrl.isEmpty() ? QString::fromLatin1(ClientConfig::DefaultBaseUrl) : current.baseUrl);
        m_context.clientConfig.apiVersion = current.apiVersion;
        updateKeyEditorConfig();
    });
    updateKeyLocation();
    updateProxyFields();
    updateKeyEditorConfig();
    showPage(Page::ApiKey);
    resize(720, 520);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::addPage(Page page, const QString &title, const QIcon &icon, QWidget *content)
{
    Q_ASSERT(m_stack->count() == static_cast<int>(page));
    // Pages scroll rather than squeeze when the dialog is small.
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stack->addWidget(scroll);
    auto *item = new QListWidgetItem(icon, title, m_pageList);
    const int width = m_pageList->fontMetrics().horizontalAdvance(title) + m_pageList->iconSize().width() + 24;
    item->setSizeHint(QSize(width, std::max(m_pageList->iconSize().height(), m_pageList->fontMetrics().height()) + 10));
}

QWidget *SettingsDialog::makeApiKeyPage()
{
    auto *page = new QWidget;
    auto *form = formFor(page);

    m_keyLocationLabel = new QLabel;
    m_keyLocationLabel->setObjectName(u"keyLocationLabel"_s);
    m_keyLocationLabel->setWordWrap(true);
    m_keyLocationLabel->setTextFormat(Qt::PlainText);
    m_keyLocationLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_removeKeyButton = new QPushButton(tr("&Remove Key…"));
    m_removeKeyButton->setObjectName(u"removeKeyButton"_s);
    m_removeKeyButton->setToolTip(tr("Delete the saved key from the keychain, the file and this session"));
    m_removeKeyButton->setAutoDefault(false);
    connect(m_removeKeyButton, &QPushButton::clicked, this, [this] {
        if (!m_credentials)
            return;
        QString text = tr("Remove the saved API key? Alhena will ask for a key again.");
        if (m_credentials->location(apiKeyName()) == Credentials::Location::Environment)
            text = tr("Remove the saved API key? The key from %1 stays in use while that variable is set.")
                       .arg(m_credentials->environmentVariable());
        if (m_confirm && m_confirm(this, tr("Remove the API Key?"), text))
            m_credentials->forget(apiKeyName());
    });

    auto *current = new QVBoxLayout;
    current->setContentsMargins(0, 0, 0, 0);
    current->addWidget(m_keyLocationLabel);
    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_removeKeyButton);
    removeRow->addStretch(1);
    current->addLayout(removeRow);
    auto *currentLabel = new QLabel(tr("Current key:"));
    currentLabel->setToolTip(tr("Where the key Alhena uses now is kept"));
    form->addRow(currentLabel, current);

    form->addRow(heading(tr("Change the key")));
    auto *where = new QLabel(tr("Get a key at <a href=\"https://aistudio.google.com/apikey\">Google AI Studio</a>. "
                                "Paste it here, test it, and save it: it is used at once."));
    where->setWordWrap(true);
    where->setTextFormat(Qt::RichText);
    where->setOpenExternalLinks(true);
    form->addRow(where);
    auto *keyLabel = new QLabel(tr("New &key:"));
    keyLabel->setBuddy(m_keyEditor->keyEdit());
    form->addRow(keyLabel, m_keyEditor);
    return page;
}

QWidget *SettingsDialog::makeConnectionPage()
{
    auto *page = new QWidget;
    auto *form = formFor(page);

    form->addRow(heading(tr("Endpoint")));
    m_baseUrlEdit = new QLineEdit;
    m_baseUrlEdit->setObjectName(u"baseUrlEdit"_s);
    m_baseUrlEdit->setPlaceholderText(QString::fromLatin1(ClientConfig::DefaultBaseUrl));
    m_baseUrlEdit->setClearButtonEnabled(true);
    addRow(form, tr("&Base URL:"), m_baseUrlEdit,
        tr("The server to talk to, for a gateway or a proxy in front of the Gemini API; empty for Google's"));
    m_apiVersionEdit = new QLineEdit;
    m_apiVersionEdit->setObjectName(u"apiVersionEdit"_s);
    m_apiVersionEdit->setPlaceholderText(QString::fromLatin1(ClientConfig::DefaultApiVersion));
    addRow(form, tr("API &version:"), m_apiVersionEdit,
        tr("The version part of the address, such as v1beta or v1; empty for v1beta"));
    QString overrideText;
    if (!m_context.baseUrlOverride.isEmpty())
        overrideText = tr("In use now: %1, set by %2. It wins over the address above.")
                           .arg(m_context.baseUrlOverride,
                               m_context.baseUrlOverrideSource.isEmpty() ? tr("the environment")
                                                                         : m_context.baseUrlOverrideSource);
    m_endpointNote = note(overrideText, u"endpointOverrideNote"_s);
    m_endpointNote->setVisible(!overrideText.isEmpty());
    form->addRow(m_endpointNote);
    connect(m_baseUrlEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateKeyEditorConfig);
    connect(m_apiVersionEdit, &QLineEdit::textChanged, this, &SettingsDialog::updateKeyEditorConfig);

    form->addRow(heading(tr("Proxy")));
    m_proxySystem = new QRadioButton(tr("Use the s&ystem's proxy settings"));
    m_proxySystem->setObjectName(u"proxySystemRadio"_s);
    m_proxySystem->setToolTip(tr("Follow the desktop's proxy settings and variables such as https_proxy"));
    m_proxyNone = new QRadioButton(tr("&No proxy"));
    m_proxyNone->setObjectName(u"proxyNoneRadio"_s);
    m_proxyNone->setToolTip(tr("Connect directly, whatever the system says"));
    m_proxyManual = new QRadioButton(tr("&Manual:"));
    m_proxyManual->setObjectName(u"proxyManualRadio"_s);
    m_proxyManual->setToolTip(tr("Use the proxy named below"));
    auto *modes = new QButtonGroup(page);
    modes->addButton(m_proxySystem);
    modes->addButton(m_proxyNone);
    modes->addButton(m_proxyManual);
    form->addRow(m_proxySystem);
    form->addRow(m_proxyNone);
    form->addRow(m_proxyManual);
    connect(m_proxyManual, &QRadioButton::toggled, this, &SettingsDialog::updateProxyFields);

    m_proxyType = new QComboBox;
    m_proxyType->setObjectName(u"proxyTypeCombo"_s);
    m_proxyType->addItem(tr("HTTP"), static_cast<int>(ProxySettings::Type::Http));
    m_proxyType->addItem(tr("SOCKS5"), static_cast<int>(ProxySettings::Type::Socks5));
    addRow(form, tr("&Type:"), m_proxyType, tr("The proxy's protocol: HTTP (CONNECT for https) or SOCKS5"));
    m_proxyHost = new QLineEdit;
    m_proxyHost->setObjectName(u"proxyHostEdit"_s);
    m_proxyHost->setPlaceholderText(tr("proxy.example.com"));
    addRow(form, tr("&Host:"), m_proxyHost, tr("The proxy's host name or IP address, without http://"));
    m_proxyPort = new QSpinBox;
    m_proxyPort->setObjectName(u"proxyPortSpin"_s);
    m_proxyPort->setRange(1, 65535);
    m_proxyPort->setGroupSeparatorShown(false);
    addRow(form, tr("&Port:"), m_proxyPort, tr("The proxy's port"));
    m_proxyUser = new QLineEdit;
    m_proxyUser->setObjectName(u"proxyUserEdit"_s);
    m_proxyUser->setPlaceholderText(tr("optional"));
    addRow(form, tr("&User name:"), m_proxyUser, tr("The proxy's user name, when it asks for one"));
    m_proxyPassword = new QLineEdit;
    m_proxyPassword->setObjectName(u"proxyPasswordEdit"_s);
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    m_proxyPassword->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_proxyPassword->setPlaceholderText(tr("optional"));
    addRow(form, tr("Pass&word:"), m_proxyPassword,
        tr("The proxy's password; kept in the system keychain, never in the settings file"));
    connect(m_proxyPassword, &QLineEdit::textEdited, this, [this] { m_proxyPasswordEdited = true; });

    form->addRow(heading(tr("Requests")));
    m_requestTimeout = new QSpinBox;
    m_requestTimeout->setObjectName(u"requestTimeoutSpin"_s);
    m_requestTimeout->setRange(Preferences::MinTimeoutSeconds, Preferences::MaxTimeoutSeconds);
    m_requestTimeout->setSuffix(tr(" s"));
    addRow(form, tr("Request t&imeout:"), m_requestTimeout,
        tr("How long to wait for an answer that does not stream before giving up"));
    m_streamTimeout = new QSpinBox;
    m_streamTimeout->setObjectName(u"streamTimeoutSpin"_s);
    m_streamTimeout->setRange(Preferences::MinTimeoutSeconds, Preferences::MaxTimeoutSeconds);
    m_streamTimeout->setSuffix(tr(" s"));
    addRow(form, tr("Stream si&lence:"), m_streamTimeout,
        tr("How long a streamed answer may stay silent (a thinking model) before it counts as lost"));
    m_retries = new QSpinBox;
    m_retries->setObjectName(u"retriesSpin"_s);
    m_retries->setRange(0, Preferences::MaxRetries);
    addRow(form, tr("&Retries:"), m_retries,
        tr("Extra attempts after a passing failure (overload, rate limit, a dropped connection)"));
    return page;
}

QWidget *SettingsDialog::makeAttachmentsPage()
{
    auto *page = new QWidget;
    auto *form = formFor(page);
    m_inlineLimit = new QSpinBox;
    m_inlineLimit->setObjectName(u"inlineLimitSpin"_s);
    m_inlineLimit->setRange(static_cast<int>(Preferences::MinInlineLimitBytes / BytesPerMB),
        static_cast<int>(AttachmentPlanner::MaxInlineLimitBytes / BytesPerMB));
    m_inlineLimit->setSuffix(tr(" MB"));
    addRow(form, tr("Send &inline up to:"), m_inlineLimit,
        tr("Attachments go inside the request while it stays under this size; larger ones are uploaded first"));
    form->addRow(note(tr("Inline attachments cost nothing to store but make each request larger. Uploaded files "
                         "are kept by Google for 48 hours and reused while they last.")));
    return page;
}

QWidget *SettingsDialog::makeAppearancePage()
{
    auto *page = new QWidget;
    auto *form = formFor(page);

    m_theme = new QComboBox;
    m_theme->setObjectName(u"themeCombo"_s);
    m_theme->addItem(tr("Follow the system"), static_cast<int>(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), static_cast<int>(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), static_cast<int>(Preferences::Theme::Dark));
    addRow(form, tr("&Theme:"), m_theme, tr("The application's colours"));

    m_fontSize = new QSpinBox;
    m_fontSize->setObjectName(u"fontSizeSpin"_s);
    // The value under the smallest size stands for the system's font.
    m_fontSize->setRange(Preferences::MinFontPointSize - 1, Preferences::MaxFontPointSize);
    m_fontSize->setSpecialValueText(tr("System default"));
    m_fontSize->setSuffix(tr(" pt"));
    addRow(form, tr("&Font size:"), m_fontSize, tr("The size of the text throughout Alhena"));

    m_sendKey = new QComboBox;
    m_sendKey->setObjectName(u"sendKeyCombo"_s);
    m_sendKey->addItem(tr("Enter (Shift+Enter for a new line)"), static_cast<int>(Preferences::SendKey::Enter));
    m_sendKey->addItem(tr("Ctrl+Enter (Enter for a new line)"), static_cast<int>(Preferences::SendKey::CtrlEnter));
    addRow(form, tr("&Send with:"), m_sendKey, tr("The key that sends the message you are writing"));

    m_language = new QComboBox;
    m_language->setObjectName(u"languageCombo"_s);
    m_language->addItem(tr("System default"), QString());
    for (const QString &name : std::as_const(m_context.languages)) {
        QString native = QLocale(name).nativeLanguageName();
        if (native.isEmpty())
            native = name;
        else
            native[0] = native[0].toUpper();
        m_language->addItem(native, name);
    }
    addRow(form, tr("&Language:"), m_language, tr("The language of Alhena's menus and messages"));
    form->addRow(note(tr("The language takes effect after a restart.")));
    return page;
}

QWidget *SettingsDialog::makeDataPage()
{
    auto *page = new QWidget;
    auto *form = formFor(page);

    const auto folderRow = [this, form](const QString &text, const QString &path, const QString &folder,
                               const QString &labelName, const QString &buttonName, const QString &toolTip) {
        auto *pathLabel = new QLabel(QDir::toNativeSeparators(path));
        pathLabel->setObjectName(labelName);
        pathLabel->setWordWrap(true);
        pathLabel->setTextFormat(Qt::PlainText);
        pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *button = new QPushButton(tr("Open"));
        button->setObjectName(buttonName);
        button->setAutoDefault(false);
        button->setToolTip(toolTip);
        button->setEnabled(!folder.isEmpty());
        connect(button, &QPushButton::clicked, this, [this, folder] { openFolder(folder); });
        auto *row = new QHBoxLayout;
        row->addWidget(pathLabel, 1);
        row->addWidget(button, 0, Qt::AlignTop);
        auto *label = new QLabel(text);
        label->setBuddy(button);
        label->setToolTip(toolTip);
        form->addRow(label, row);
    };
    folderRow(tr("&Data folder:"), m_context.dataFolder, m_context.dataFolder, u"dataFolderLabel"_s,
        u"openDataFolderButton"_s, tr("Where conversations, attachments and caches are kept"));
    const QString settingsPath = m_settings->path();
    folderRow(tr("S&ettings file:"), settingsPath, QFileInfo(settingsPath).absolutePath(), u"settingsFileLabel"_s,
        u"openSettingsFolderButton"_s, tr("The file these settings are written to (never the API key)"));
    return page;
}

void SettingsDialog::openFolder(const QString &folder)
{
    clearProblem();
    // The data folder appears with the first conversation; opening it before then should still work.
    QDir().mkpath(folder);
    const QUrl url = QUrl::fromLocalFile(folder);
    if (!m_openFolder || !m_openFolder(url)) {
        m_problemLabel->setText(tr("Could not open %1.").arg(QDir::toNativeSeparators(folder)));
        ThemeColors::markAsError(m_problemLabel);
        m_problemLabel->show();
    }
}

void SettingsDialog::loadFields(const Preferences &p, std::optional<Page> only)
{
    const auto wanted = [only](Page page) { return !only || *only == page; };
    if (wanted(Page::Connection)) {
        m_baseUrlEdit->setText(p.baseUrl);
        m_apiVersionEdit->setText(
            p.apiVersion == QLatin1String(ClientConfig::DefaultApiVersion) ? QString() : p.apiVersion);
        switch (p.proxy.mode) {
        case ProxySettings::Mode::System:
            m_proxySystem->setChecked(true);
            break;
        case ProxySettings::Mode::None:
            m_proxyNone->setChecked(true);
            break;
        case ProxySettings::Mode::Manual:
            m_proxyManual->setChecked(true);
            break;
        }
        m_proxyType->setCurrentIndex(m_proxyType->findData(static_cast<int>(p.proxy.type)));
        m_proxyHost->setText(p.proxy.host);
        m_proxyPort->setValue(p.proxy.port);
        m_proxyUser->setText(p.proxy.user);
        m_requestTimeout->setValue(p.requestTimeoutSeconds);
        m_streamTimeout->setValue(p.streamIdleTimeoutSeconds);
        m_retries->setValue(p.retries);
        updateProxyFields();
    }
    if (wanted(Page::Attachments)) {
        m_loadedInlineLimit = p.inlineLimitBytes;
        m_inlineLimit->setValue(static_cast<int>(std::llround(static_cast<double>(p.inlineLimitBytes) / BytesPerMB)));
    }
    if (wanted(Page::Appearance)) {
        m_theme->setCurrentIndex(m_theme->findData(static_cast<int>(p.theme)));
        m_fontSize->setValue(p.fontPointSize == 0 ? m_fontSize->minimum() : p.fontPointSize);
        m_sendKey->setCurrentIndex(m_sendKey->findData(static_cast<int>(p.sendKey)));
        int language = m_language->findData(p.language);
        if (language < 0) {
            // A language whose translation is gone: shown by name, so applying keeps it.
            m_language->addItem(p.language, p.language);
            language = m_language->count() - 1;
        }
        m_language->setCurrentIndex(language);
    }
}

void SettingsDialog::restoreDefaults()
{
    clearProblem();
    const Page page = currentPage();
    loadFields(Preferences {}, page);
    if (page == Page::Connection && !m_proxyPassword->text().isEmpty()) {
        m_proxyPassword->clear();
        m_proxyPasswordEdited = true;
    }
}

Preferences SettingsDialog::editedPreferences() const
{
    Preferences p;
    p.baseUrl = m_baseUrlEdit->text().trimmed();
    const QString version = m_apiVersionEdit->text().trimmed();
    p.apiVersion = version.isEmpty() ? QString::fromLatin1(ClientConfig::DefaultApiVersion) : version;
    p.proxy.mode = m_proxyManual->isChecked() ? ProxySettings::Mode::Manual
        : m_proxyNone->isChecked()            ? ProxySettings::Mode::None
                                              : ProxySettings::Mode::System;
    p.proxy.type = static_cast<ProxySettings::Type>(m_proxyType->currentData().toInt());
    p.proxy.host = m_proxyHost->text().trimmed();
    p.proxy.port = m_proxyPort->value();
    p.proxy.user = m_proxyUser->text().trimmed();
    p.requestTimeoutSeconds = m_requestTimeout->value();
    p.streamIdleTimeoutSeconds = m_streamTimeout->value();
    p.retries = m_retries->value();
    const int megabytes = m_inlineLimit->value();
    p.inlineLimitBytes = std::llround(static_cast<double>(m_loadedInlineLimit) / BytesPerMB) == megabytes
        ? m_loadedInlineLimit
        : megabytes * BytesPerMB;
    p.theme = static_cast<Preferences::Theme>(m_theme->currentData().toInt());
    p.fontPointSize = m_fontSize->value() == m_fontSize->minimum() ? 0 : m_fontSize->value();
    p.sendKey = static_cast<Preferences::SendKey>(m_sendKey->currentData().toInt());
    p.language = m_language->currentData().toString();
    return p;
}

bool SettingsDialog::apply()
{
    clearProblem();
    const Preferences p = editedPreferences();

    if (!p.baseUrl.isEmpty()) {
        const QString error = ClientConfig::validateBaseUrl(QUrl(p.baseUrl, QUrl::StrictMode));
        if (!error.isEmpty()) {
            showProblem(Page::Connection, m_baseUrlEdit, error);
            return false;
        }
    }
    if (!apiVersionPattern().match(p.apiVersion).hasMatch()) {
        showProblem(Page::Connection, m_apiVersionEdit,
            tr("The API version is letters and digits only, such as v1beta or v1."));
        return false;
    }
    if (const QString error = p.proxy.problem(); !error.isEmpty()) {
        QWidget *field = m_proxyHost;
        if (!p.proxy.host.isEmpty() && (p.proxy.port < 1 || p.proxy.port > 65535))
            field = m_proxyPort;
        showProblem(Page::Connection, field, error);
        return false;
    }
    if (const QString error = p.problem(); !error.isEmpty()) {
        // problem() names no field: the page is the first whose defaults make the problem go away.
        Page page = Page::Appearance;
        for (const Page candidate : {Page::Connection, Page::Attachments, Page::Appearance}) {
            Preferences fixed = p;
            const Preferences defaults;
            switch (candidate) {
            case Page::Connection:
                fixed.baseUrl = defaults.baseUrl;
                fixed.apiVersion = defaults.apiVersion;
                fixed.proxy = defaults.proxy;
                fixed.requestTimeoutSeconds = defaults.requestTimeoutSeconds;
                fixed.streamIdleTimeoutSeconds = defaults.streamIdleTimeoutSeconds;
                fixed.retries = defaults.retries;
                break;
            case Page::Attachments:
                fixed.inlineLimitBytes = defaults.inlineLimitBytes;
                break;
            default:
                fixed.theme = defaults.theme;
                fixed.fontPointSize = defaults.fontPointSize;
                fixed.sendKey = defaults.sendKey;
                fixed.language = defaults.language;
                break;
            }
            if (fixed.problem().isEmpty()) {
                page = candidate;
                break;
            }
        }
        showProblem(page, nullptr, error);
        return false;
    }

    // The password first: whoever applies the new proxy on preferencesChanged reads it from Credentials.
    if (m_credentials && m_proxyPassword->text() != m_storedProxyPassword) {
        const QString password = m_proxyPassword->text();
        if (password.isEmpty())
            m_credentials->forget(proxyPasswordName());
        else
            m_credentials->store(proxyPasswordName(), password, Credentials::Location::Keychain);
        m_storedProxyPassword = password;
    }
    m_proxyPasswordEdited = false;

    if (!m_settings->setPreferences(p)) {
        showProblem(currentPage(), nullptr, tr("These settings could not be saved: a value is out of range."));
        return false;
    }
    m_loadedInlineLimit = p.inlineLimitBytes;
    if (const QString problem = m_settings->writeProblem(); !problem.isEmpty()) {
        m_problemLabel->setText(problem);
        ThemeColors::markAsError(m_problemLabel);
        m_problemLabel->show();
    }
    return true;
}

void SettingsDialog::showProblem(Page page, QWidget *field, const QString &text)
{
    showPage(page);
    m_problemLabel->setText(text);
    ThemeColors::markAsError(m_problemLabel);
    m_problemLabel->show();
    if (!field)
        return;
    if (auto *form = qobject_cast<QFormLayout *>(field->parentWidget() ? field->parentWidget()->layout() : nullptr)) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(field))) {
            ThemeColors::markAsError(label);
            m_markedLabels.append(label);
        }
    }
    field->setFocus(Qt::OtherFocusReason);
    if (auto *edit = qobject_cast<QLineEdit *>(field))
        edit->selectAll();
}

void SettingsDialog::clearProblem()
{
    m_problemLabel->clear();
    m_problemLabel->hide();
    for (QLabel *label : std::as_const(m_markedLabels))
        label->setPalette(QPalette());
    m_markedLabels.clear();
}

void SettingsDialog::updateKeyLocation()
{
    m_keyLocationLabel->setPalette(QPalette());
    const Credentials::Location location
        = m_credentials ? m_credentials->location(apiKeyName()) : Credentials::Location::None;
    QString text;
    switch (location) {
    case Credentials::Location::Environment:
        text = tr("From the environment variable %1. It is used instead of any saved key; unset it to use another.")
                   .arg(m_credentials->environmentVariable());
        break;
    case Credentials::Location::Keychain:
        text = tr("Saved in the system keychain.");
        break;
    case Credentials::Location::File:
        text = tr("Saved in a file only you can read: %1.").arg(QDir::toNativeSeparators(m_credentials->filePath()));
        break;
    case Credentials::Location::Session:
        text = tr("Kept for this session only: it will be asked for again next time.");
        break;
    case Credentials::Location::None:
        text = tr("No key is set.");
        break;
    }
    m_keyLocationLabel->setText(text);
    const bool stored = location == Credentials::Location::Keychain || location == Credentials::Location::File
        || location == Credentials::Location::Session
        || (m_credentials && m_credentials->hasStoredKeyShadowedByEnvironment());
    m_removeKeyButton->setEnabled(stored);
}

void SettingsDialog::updateProxyFields()
{
    const bool manual = m_proxyManual->isChecked();
    for (QWidget *field :
        {static_cast<QWidget *>(m_proxyType), static_cast<QWidget *>(m_proxyHost), static_cast<QWidget *>(m_proxyPort),
            static_cast<QWidget *>(m_proxyUser), static_cast<QWidget *>(m_proxyPassword)}) {
        field->setEnabled(manual);
        // The labels grey out with their fields.
        if (auto *form = qobject_cast<QFormLayout *>(field->parentWidget()->layout()))
            if (QWidget *label = form->labelForField(field))
                label->setEnabled(manual);
    }
}

void SettingsDialog::updateKeyEditorConfig()
{
    ClientConfig config = m_context.clientConfig;
    // An endpoint from the environment or the command line wins over the dialog's, for Test too.
    if (m_context.baseUrlOverride.isEmpty()) {
        const QString text = m_baseUrlEdit->text().trimmed();
        if (text.isEmpty()) {
            // Emptied here: Google's endpoint from now on. Empty all along: the one in use.
            if (!m_settings->preferences().baseUrl.isEmpty())
                config.baseUrl = QUrl(QString::fromLatin1(ClientConfig::DefaultBaseUrl));
        } else {
            const QUrl url(text, QUrl::StrictMode);
            if (ClientConfig::validateBaseUrl(url).isEmpty())
                config.baseUrl = url;
        }
    }
    const QString version = m_apiVersionEdit->text().trimmed();
    if (version.isEmpty()) {
        if (m_settings->preferences().apiVersion != QLatin1String(ClientConfig::DefaultApiVersion))
            config.apiVersion = QString::fromLatin1(ClientConfig::DefaultApiVersion);
    } else if (apiVersionPattern().match(version).hasMatch())
        config.apiVersion = version;
    m_keyEditor->setClientConfig(config);
}

void SettingsDialog::showPage(Page page)
{
    m_pageList->setCurrentRow(static_cast<int>(page));
}

SettingsDialog::Page SettingsDialog::currentPage() const
{
    const int row = m_pageList->currentRow();
    return row < 0 ? Page::ApiKey : static_cast<Page>(row);
}

void SettingsDialog::setConfirmation(Confirmation confirmation)
{
    m_confirm = confirmation;
    m_keyEditor->setConfirmation(std::move(confirmation));
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}
