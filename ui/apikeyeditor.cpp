#include "apikeyeditor.h"

#include "themecolors.h"

#include <QCheckBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString apiKeyName()
{
    return QString::fromLatin1(SecretNames::ApiKey);
}

// Gemini keys are 39 characters; anything far longer is a paste of something else.
constexpr qsizetype MaxKeyLength = 512;

} // namespace

ApiKeyEditor::ApiKeyEditor(Credentials *credentials, QNetworkAccessManager *nam, QWidget *parent)
    : QWidget(parent)
    , m_credentials(credentials)
    , m_check(new KeyCheck(nam, this))
    , m_confirm([](QWidget *parentWidget, const QString &title, const QString &text) {
        return QMessageBox::warning(parentWidget, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    })
{
    // The editor's push buttons: never the dialog's default (Enter in a settings dialog means OK).
    const auto makeButton
        = [this](const QString &text, const QString &name, const QString &tip, void (ApiKeyEditor::*slot)()) {
              auto *button = new QPushButton(text);
              button->setObjectName(name);
              button->setToolTip(tip);
              button->setAutoDefault(false);
              connect(button, &QPushButton::clicked, this, slot);
              return button;
          };

    m_edit = new QLineEdit;
    m_edit->setObjectName(u"apiKeyEdit"_s);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setPlaceholderText(tr("Paste your Gemini API key"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setMaxLength(4096);
    m_edit->setInputMethodHints(
        Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    m_edit->setToolTip(tr("The key from Google AI Studio; it starts with \"AIza\""));
    m_edit->installEventFilter(this);

    m_showButton = new QToolButton;
    m_showButton->setObjectName(u"showKeyButton"_s);
    m_showButton->setCheckable(true);
    m_showButton->setIcon(QIcon::fromTheme(u"view-visible"_s, QIcon::fromTheme(u"password-show-on"_s)));
    m_showButton->setText(tr("Show"));
    m_showButton->setToolButtonStyle(m_showButton->icon().isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonIconOnly);
    m_showButton->setToolTip(tr("Show the key as you type it, to check a paste"));
    m_showButton->setAccessibleName(tr("Show the key"));
    connect(m_showButton, &QToolButton::toggled, this, [this](bool shown) {
        m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_showButton->setText(shown ? tr("Hide") : tr("Show"));
    });

    m_remember = new QCheckBox(tr("&Remember this key on this computer"));
    m_remember->setObjectName(u"rememberKeyCheck"_s);
    m_remember->setChecked(true);
    m_remember->setToolTip(tr("Keep the key in the system keychain; unchecked, it is forgotten when Alhena quits"));

    m_testButton = makeButton(tr("&Test"), u"testKeyButton"_s,
        tr("Ask the Gemini API whether it accepts this key (lists the models)"), &ApiKeyEditor::test);

    m_saveButton = makeButton(tr("&Save Key"), u"saveKeyButton"_s, tr("Use this key from now on"), &ApiKeyEditor::save);

    m_status = new QLabel;
    m_status->setObjectName(u"keyStatusLabel"_s);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_fallbackBox = new QFrame;
    m_fallbackBox->setObjectName(u"keychainFallbackBox"_s);
    static_cast<QFrame *>(m_fallbackBox)->setFrameShape(QFrame::StyledPanel);
    m_fallbackLabel = new QLabel(tr("Until this works, Alhena can keep the key for this session only, or save it "
                                    "in a plain file that only your user account can read."));
    m_fallbackLabel->setWordWrap(true);
    m_keepButton = makeButton(tr("&Keep for This Session"), u"keepForSessionButton"_s,
        tr("Use the key until Alhena quits; it is asked for again next time"), &ApiKeyEditor::keepForSession);
    m_fileButton = makeButton(tr("Save in a &File…"), u"saveToFileButton"_s,
        tr("Write the key, unencrypted, to a file only your user account can read"), &ApiKeyEditor::saveToFile);
    auto *fallbackButtons = new QHBoxLayout;
    fallbackButtons->addWidget(m_keepButton);
    fallbackButtons->addWidget(m_fileButton);
    fallbackButtons->addStretch(1);
    auto *fallbackLayout = new QVBoxLayout(m_fallbackBox);
    fallbackLayout->addWidget(m_fallbackLabel);
    fallbackLayout->addLayout(fallbackButtons);
    m_fallbackBox->hide();

    auto *fieldRow = new QHBoxLayout;
    fieldRow->setSpacing(2);
    fieldRow->addWidget(m_edit, 1);
    fieldRow->addWidget(m_showButton);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_testButton);
    buttonRow->addWidget(m_saveButton);
    buttonRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(fieldRow);
    layout->addWidget(m_remember);
    layout->addLayout(buttonRow);
    layout->addWidget(m_status);
    layout->addWidget(m_fallbackBox);

    setTabOrder(m_edit, m_showButton);
    setTabOrder(m_showButton, m_remember);
    setTabOrder(m_remember, m_testButton);
    setTabOrder(m_testButton, m_saveButton);
    setTabOrder(m_saveButton, m_keepButton);
    setTabOrder(m_keepButton, m_fileButton);
    setFocusProxy(m_edit);

    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        // An outcome is about the key that was tested or saved; a new key makes it stale.
        if (!m_statusIsNote && !isTesting() && m_pendingSave == Credentials::Location::None
            && m_fallbackBox->isHidden())
            showIdleNote();
        updateButtons();
    });
    connect(m_check, &KeyCheck::finished, this, &ApiKeyEditor::onTestFinished);
    if (m_credentials) {
        connect(m_credentials, &Credentials::stored, this, &ApiKeyEditor::onStored);
        connect(m_credentials, &Credentials::storeFailed, this, &ApiKeyEditor::onStoreFailed);
        connect(m_credentials, &Credentials::loaded, this, [this] {
            if (m_statusIsNote)
                showIdleNote();
        });
        connect(m_credentials, &Credentials::changed, this, [this](const QString &name) {
            if (name == apiKeyName() && m_statusIsNote)
                showIdleNote();
        });
        // A save overtaken by a removal (Remove Key while the keychain still asks) is never answered.
        connect(m_credentials, &Credentials::forgotten, this, [this](const QString &name) {
            if (name != apiKeyName() || m_pendingSave == Credentials::Location::None)
                return;
            m_pendingSave = Credentials::Location::None;
            m_fallbackBox->hide();
            showIdleNote();
            updateButtons();
        });
    }
    showIdleNote();
    updateButtons();
}

ApiKeyEditor::~ApiKeyEditor() = default;

QString ApiKeyEditor::cleanKey(const QString &text)
{
    // Spaces inside are kept: "key1 key2" or a sentence is not a key, and keyProblem() says so.
    QString key = text.trimmed();
    // A line copied from a shell profile or a .env file.
    static const QRegularExpression assignment(u"^(?:export\\s+)?(?:GEMINI_API_KEY|GOOGLE_API_KEY)\\s*[=:]\\s*"_s);
    key.remove(assignment);
    static const QString quotes = u"\"'`\u201c\u201d\u2018\u2019"_s;
    while (!key.isEmpty() && quotes.contains(key.front()))
        key.remove(0, 1);
    while (!key.isEmpty() && quotes.contains(key.back()))
        key.chop(1);
    return key.trimmed();
}

QString ApiKeyEditor::keyProblem(const QString &key)
{
    if (key.isEmpty())
        return tr("Paste a key first.");
    if (key.size() > MaxKeyLength)
        return tr("That is too long to be an API key: a Gemini key is about 40 characters.");
    for (const QChar c : key) {
        // It travels in an HTTP header: printable ASCII only.
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return tr("That is not an API key: a key has no spaces, and only letters, digits and a few signs such as "
                      "- and _. Copy the key alone from Google AI Studio.");
    }
    return {};
}

QString ApiKeyEditor::key() const
{
    return cleanKey(m_edit->text());
}

void ApiKeyEditor::setKey(const QString &key)
{
    m_edit->setText(key);
}

void ApiKeyEditor::clear()
{
    m_check->cancel();
    m_edit->clear();
    m_showButton->setChecked(false);
    m_fallbackBox->hide();
    m_pendingSave = Credentials::Location::None;
    m_testButton->setText(tr("&Test"));
    showIdleNote();
    updateButtons();
}

bool ApiKeyEditor::isTesting() const
{
    return m_check->isRunning();
}

void ApiKeyEditor::test()
{
    const QString candidate = key();
    if (const QString problem = keyProblem(candidate); !problem.isEmpty()) {
        setStatus(problem, Tone::Error);
        return;
    }
    m_testButton->setText(tr("Testing…"));
    m_testButton->setEnabled(false);
    setStatus(tr("Testing the key…"));
    m_check->start(m_config, candidate);
    updateButtons();
}

void ApiKeyEditor::onTestFinished(const KeyCheck::Result &result)
{
    m_testButton->setText(tr("&Test"));
    setStatus(result.message, result.ok ? Tone::Normal : Tone::Error);
    updateButtons();
    Q_EMIT tested(result);
}

void ApiKeyEditor::save()
{
    const QString candidate = key();
    if (const QString problem = keyProblem(candidate); !problem.isEmpty()) {
        setStatus(problem, Tone::Error);
        return;
    }
    if (!m_credentials)
        return;
    m_fallbackBox->hide();
    m_pendingSave = m_remember->isChecked() ? Credentials::Location::Keychain : Credentials::Location::Session;
    setStatus(m_pendingSave == Credentials::Location::Keychain ? tr("Saving the key in the system keychain…")
                                                               : tr("Keeping the key for this session…"));
    updateButtons();
    m_credentials->store(apiKeyName(), candidate, m_pendingSave);
}

void ApiKeyEditor::onStored(const QString &name, Credentials::Location where)
{
    if (name != apiKeyName() || m_pendingSave == Credentials::Location::None)
        return;
    m_pendingSave = Credentials::Location::None;
    m_fallbackBox->hide();
    QString text;
    switch (where) {
    case Credentials::Location::Keychain:
        text = tr("Saved in the system keychain.");
        break;
    case Credentials::Location::File:
        text = tr("Saved in a file only you can read: %1.").arg(m_credentials->filePath());
        break;
    case Credentials::Location::Session:
        text = tr("Kept for this session: it will be asked for again next time.");
        break;
    case Credentials::Location::Environment:
    case Credentials::Location::None:
        text = tr("Saved.");
        break;
    }
    Tone tone = Tone::Normal;
    if (m_credentials->location(apiKeyName()) == Credentials::Location::Environment) {
        text += u' '
            + tr("The key in %1 is still the one in use while that variable is set.")
                  .arg(m_credentials->environmentVariable());
        tone = Tone::Warning;
    }
    setStatus(text, tone);
    updateButtons();
    Q_EMIT saved(where);
}

void ApiKeyEditor::onStoreFailed(const QString &name, const QString &reason)
{
    if (name != apiKeyName() || m_pendingSave == Credentials::Location::None)
        return;
    const Credentials::Location attempted = m_pendingSave;
    m_pendingSave = Credentials::Location::None;
    if (attempted == Credentials::Location::File) {
        setStatus(tr("The key could not be saved in the file: %1").arg(reason), Tone::Error);
    } else {
        setStatus(tr("The key could not be saved in the system keychain: %1").arg(reason), Tone::Warning);
    }
    m_fallbackBox->show();
    updateButtons();
}

void ApiKeyEditor::keepForSession()
{
    const QString candidate = key();
    if (m_credentials && !candidate.isEmpty() && candidate != m_credentials->apiKey()
        && keyProblem(candidate).isEmpty()) {
        // The field changed since the keychain refused: keep what it shows now, not the refused key.
        m_pendingSave = Credentials::Location::Session;
        updateButtons();
        m_credentials->store(apiKeyName(), candidate, Credentials::Location::Session);
        return;
    }
    m_fallbackBox->hide();
    setStatus(tr("The key is kept for this session only: it will be asked for again next time."), Tone::Warning);
    updateButtons();
    Q_EMIT saved(Credentials::Location::Session);
}

void ApiKeyEditor::saveToFile()
{
    const QString candidate = key();
    if (const QString problem = keyProblem(candidate); !problem.isEmpty()) {
        setStatus(problem, Tone::Error);
        return;
    }
    if (!m_credentials)
        return;
    const QString path = m_credentials->filePath();
    const QString title = tr("Save the Key in a Plain File?");
    const QString text = tr("The key will be written, unencrypted, to:\n%1\n\nOnly your user account can open the "
                            "file, but any program you run can read it, and so can anyone who gets a copy of it "
                            "(a backup, for instance).\n\nSave the key there?")
                             .arg(path.isEmpty() ? tr("a file in Alhena's settings folder") : path);
    if (!m_confirm || !m_confirm(this, title, text)) {
        setStatus(tr("Not saved in a file. The key is kept for this session only."), Tone::Warning);
        return;
    }
    m_pendingSave = Credentials::Location::File;
    setStatus(tr("Saving the key in the file…"));
    updateButtons();
    m_credentials->store(apiKeyName(), candidate, Credentials::Location::File);
}

void ApiKeyEditor::showIdleNote()
{
    m_statusIsNote = true;
    QString note;
    Tone tone = Tone::Normal;
    if (m_credentials && m_credentials->location(apiKeyName()) == Credentials::Location::Environment) {
        note = tr("The key from the environment variable %1 is in use. It wins over a key saved here; unset it to "
                  "use another.")
                   .arg(m_credentials->environmentVariable());
        tone = Tone::Warning;
    }
    m_tone = tone;
    m_status->setText(note);
    m_status->setVisible(!note.isEmpty());
    applyStatusTone();
}

void ApiKeyEditor::setStatus(const QString &text, Tone tone)
{
    m_statusIsNote = false;
    m_tone = tone;
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    applyStatusTone();
}

void ApiKeyEditor::applyStatusTone()
{
    // Only WindowText is set, so the label keeps following the application's palette otherwise.
    QPalette palette;
    if (m_tone != Tone::Normal) {
        const QPalette base = this->palette();
        palette.setColor(
            QPalette::WindowText, m_tone == Tone::Error ? ThemeColors::error(base) : ThemeColors::warning(base));
    }
    m_status->setPalette(palette);
}

void ApiKeyEditor::updateButtons()
{
    const bool busy = isTesting() || m_pendingSave != Credentials::Location::None;
    const bool usable = keyProblem(key()).isEmpty();
    m_testButton->setEnabled(usable && !isTesting());
    m_saveButton->setEnabled(usable && m_credentials && !busy);
    m_keepButton->setEnabled(!busy);
    m_fileButton->setEnabled(usable && !busy);
}

QString ApiKeyEditor::statusText() const
{
    return m_status->text();
}

bool ApiKeyEditor::eventFilter(QObject *watched, QEvent *event)
{
    // Enter in the field saves the key, as the onboarding page's default button does. Consuming the
    // key press also keeps it from reaching a dialog's default button (OK would close the settings
    // with the new key not saved).
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *keyEvent = static_cast<QKeyEvent *>(event);
        if ((keyEvent->key() == Qt::Key_Return || keyEvent->key() == Qt::Key_Enter)
            && (keyEvent->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
            if (m_saveButton->isEnabled())
                save();
            else if (const QString problem = keyProblem(key()); !problem.isEmpty())
                setStatus(problem, Tone::Error);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ApiKeyEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyStatusTone();
    QWidget::changeEvent(event);
}
