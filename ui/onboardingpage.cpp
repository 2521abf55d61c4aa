#include "onboardingpage.h"

#include "apikeyeditor.h"
#include "centredcolumn.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QLabel *wrappedLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

OnboardingPage::OnboardingPage(Credentials *credentials, QNetworkAccessManager *nam, QWidget *parent)
    : QWidget(parent)
    , m_editor(new ApiKeyEditor(credentials, nam))
{
    setObjectName(u"onboardingPage"_s);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    auto *title = wrappedLabel(u"onboardingTitle"_s);
    title->setText(tr("Welcome to Alhena"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    auto *text = wrappedLabel(u"onboardingText"_s);
    text->setText(tr("Alhena talks to Gemini with an API key, which lets it use Gemini on your Google account. "
                     "A key is free to create in Google AI Studio; usage limits and any billing follow your "
                     "account."));

    // Opens the browser only when clicked: nothing leaves the machine before the user asks.
    auto *link = new QLabel;
    link->setObjectName(u"onboardingLink"_s);
    link->setTextFormat(Qt::RichText);
    link->setTextInteractionFlags(Qt::TextBrowserInteraction);
    link->setOpenExternalLinks(true);
    const QString url = QString::fromLatin1(KeyPageUrl);
    link->setText(tr("Get a key: <a href=\"%1\">%2</a>").arg(url, url.toHtmlEscaped()));
    link->setToolTip(tr("Opens Google AI Studio's API key page in your browser"));

    m_endpointNote = wrappedLabel(u"onboardingEndpointNote"_s);
    m_endpointNote->setForegroundRole(QPalette::PlaceholderText);
    m_endpointNote->hide();

    m_editor->setObjectName(u"onboardingKeyEditor"_s);
    m_editor->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(m_editor, &ApiKeyEditor::saved, this, [this] { Q_EMIT keyReady(); });

    auto *storage = wrappedLabel(u"onboardingStorageNote"_s);
    storage->setText(tr("Alhena keeps the key in the system keychain. It is never written to a plain file "
                        "unless you choose that."));
    storage->setForegroundRole(QPalette::PlaceholderText);

    const CentredColumn centred = makeCentredColumn();
    QVBoxLayout *columnLayout = centred.column;
    columnLayout->addWidget(title);
    columnLayout->addWidget(text);
    columnLayout->addWidget(link);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(m_endpointNote);
    columnLayout->addWidget(m_editor);
    columnLayout->addWidget(storage);
    QHBoxLayout *row = centred.row;

    // Scrolls rather than squeezing the editor when the window is short.
    auto *content = new QWidget;
    content->setBackgroundRole(QPalette::Base);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(32, 32, 32, 32);
    contentLayout->addStretch(2);
    contentLayout->addLayout(row);
    contentLayout->addStretch(3);
    auto *scroll = new QScrollArea;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    scroll->setBackgroundRole(QPalette::Base);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    setFocusProxy(m_editor->keyEdit());
}

void OnboardingPage::setClientConfig(const ClientConfig &config)
{
    m_editor->setClientConfig(config);
}

void OnboardingPage::setEndpointNote(const QString &text)
{
    m_endpointNote->setText(text);
    m_endpointNote->setVisible(!text.isEmpty());
}

QString OnboardingPage::endpointNote() const
{
    return m_endpointNote->text();
}
