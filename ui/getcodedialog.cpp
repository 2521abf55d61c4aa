#include "getcodedialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 BigAttachmentBytes = 100 * 1024;
// Base64 runs longer than this are shortened in the view: a line of megabytes makes the editor
// crawl and shows nothing anyone reads. Copy still copies everything.
constexpr qsizetype MaxShownRun = 4096;
constexpr std::array<CodeSnippet::Language, 3> Languages {
    CodeSnippet::Language::Curl, CodeSnippet::Language::Python, CodeSnippet::Language::JavaScript};

bool isBase64Char(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'+' || u == u'/'
        || u == u'=' || u == u'-' || u == u'_';
}

QString shortenedForView(const QString &code)
{
    QString out;
    qsizetype runStart = 0;
    qsizetype copied = 0;
    for (qsizetype i = 0; i <= code.size(); ++i) {
        if (i < code.size() && isBase64Char(code.at(i)))
            continue;
        if (i - runStart > MaxShownRun) {
            out += QStringView(code).mid(copied, runStart + 64 - copied);
            out += GetCodeDialog::tr("…[%n characters not shown; Copy copies them]…", nullptr, int(i - runStart - 80));
            copied = i - 16;
        }
        runStart = i + 1;
    }
    if (copied == 0)
        return code;
    out += QStringView(code).mid(copied);
    return out;
}

qint64 inlineBytes(const GenerateContentRequest &request)
{
    qint64 total = 0;
    for (const Content &c : request.contents) {
        for (const Part &p : c.parts) {
            if (p.kind == Part::Kind::InlineData)
                total += p.data.size();
        }
    }
    if (request.systemInstruction) {
        for (const Part &p : request.systemInstruction->parts) {
            if (p.kind == Part::Kind::InlineData)
                total += p.data.size();
        }
    }
    return total;
}
} // namespace

struct GetCodeDialog::Private
{
    QTabWidget *tabs = nullptr;
    std::array<QPlainTextEdit *, 3> editors {};
    std::array<QString, 3> code;
    QLabel *attachmentNote = nullptr;
    QPushButton *copyButton = nullptr;
    QTimer *copiedFeedback = nullptr;
};

GetCodeDialog::GetCodeDialog(QWidget *parent)
    : QDialog(parent)
    , d(new Private)
{
    setWindowTitle(tr("Get Code"));
    setObjectName(u"getCodeDialog"_s);

    d->tabs = new QTabWidget(this);
    d->tabs->setObjectName(u"languageTabs"_s);
    d->tabs->setDocumentMode(true);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const std::array<QString, 3> names {u"curlCode"_s, u"pythonCode"_s, u"javaScriptCode"_s};
    const std::array<QString, 3> tips {tr("A shell command: curl with the request JSON in a here-document."),
        tr("Python with the google-genai package (pip install google-genai)."),
        tr("An ES module for Node.js with the @google/genai package (npm install @google/genai).")};
    for (size_t i = 0; i < Languages.size(); ++i) {
        auto *editor = new QPlainTextEdit(d->tabs);
        editor->setObjectName(names[i]);
        editor->setReadOnly(true);
        editor->setLineWrapMode(QPlainTextEdit::NoWrap);
        editor->setFont(mono);
        editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        d->editors[i] = editor;
        const int index = d->tabs->addTab(editor, CodeSnippet::languageName(Languages[i]));
        d->tabs->setTabToolTip(index, tips[i]);
    }

    auto *keyNote
        = new QLabel(tr("The key is read from the GEMINI_API_KEY environment variable; it is never shown here."), this);
    keyNote->setObjectName(u"keyNote"_s);
    keyNote->setWordWrap(true);

    d->attachmentNote = new QLabel(this);
    d->attachmentNote->setObjectName(u"attachmentNote"_s);
    d->attachmentNote->setWordWrap(true);
    d->attachmentNote->hide();

    auto *buttons = new QDialogButtonBox(this);
    d->copyButton = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    d->copyButton->setObjectName(u"copyCodeButton"_s);
    d->copyButton->setToolTip(tr("Copy the code of the current tab to the clipboard."));
    d->copyButton->setDefault(true);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(u"closeButton"_s);
    connect(d->copyButton, &QPushButton::clicked, this, &GetCodeDialog::copy);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    d->copiedFeedback = new QTimer(this);
    d->copiedFeedback->setSingleShot(true);
    d->copiedFeedback->setInterval(1500);
    connect(d->copiedFeedback, &QTimer::timeout, this, [this] { d->copyButton->setText(tr("Copy")); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(d->tabs, 1);
    layout->addWidget(keyNote);
    layout->addWidget(d->attachmentNote);
    layout->addWidget(buttons);

    setTabOrder(d->tabs, d->editors[0]);
    setTabOrder(d->editors[0], d->copyButton);
    setTabOrder(d->copyButton, close);
    resize(760, 540);
}

GetCodeDialog::~GetCodeDialog()
{
    delete d;
}

void GetCodeDialog::setRequest(
    const QString &model, const GenerateContentRequest &request, const CodeSnippet::Endpoint &endpoint)
{
    for (size_t i = 0; i < Languages.size(); ++i) {
        d->code[i] = CodeSnippet::generate(Languages[i], model, request, endpoint);
        d->editors[i]->setPlainText(shortenedForView(d->code[i]));
    }
    const qint64 bytes = inlineBytes(request);
    if (bytes > BigAttachmentBytes) {
        const QString size = QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1);
        d->attachmentNote->setText(tr("This request embeds %1 MB of attachments.").arg(size));
        d->attachmentNote->show();
    } else {
        d->attachmentNote->clear();
        d->attachmentNote->hide();
    }
}

CodeSnippet::Language GetCodeDialog::language() const
{
    const int index = d->tabs->currentIndex();
    return index >= 0 && index < int(Languages.size()) ? Languages[size_t(index)] : CodeSnippet::Language::Curl;
}

void GetCodeDialog::setLanguage(CodeSnippet::Language language)
{
    for (size_t i = 0; i < Languages.size(); ++i) {
        if (Languages[i] == language)
            d->tabs->setCurrentIndex(int(i));
    }
}

QString GetCodeDialog::code() const
{
    const int index = d->tabs->currentIndex();
    return index >= 0 && index < int(d->code.size()) ? d->code[size_t(index)] : QString();
}

void GetCodeDialog::copy()
{
    QGuiApplication::clipboard()->setText(code());
    d->copyButton->setText(tr("Copied"));
    d->copiedFeedback->start();
    Q_EMIT copied();
}
