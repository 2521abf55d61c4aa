#include "composeredit.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QMimeData>
#include <QUrl>

#include <algorithm>
#include <cmath>

ComposerEdit::ComposerEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setToolTip(sendKeyHint());
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The height follows the number of (wrapped) lines.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        [this] { updateGeometry(); });
}

void ComposerEdit::setSendKey(Preferences::SendKey key)
{
    if (key == m_sendKey)
        return;
    m_sendKey = key;
    setToolTip(sendKeyHint());
}

QString ComposerEdit::sendKeyName() const
{
    return m_sendKey == Preferences::SendKey::CtrlEnter ? tr("Ctrl+Enter") : tr("Enter");
}

QString ComposerEdit::sendKeyHint() const
{
    if (m_sendKey == Preferences::SendKey::CtrlEnter)
        return tr("%1 sends; Enter starts a new line.").arg(sendKeyName());
    return tr("Enter sends; Shift+Enter starts a new line.");
}

void ComposerEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const bool sends = m_sendKey == Preferences::SendKey::CtrlEnter ? modifiers.testFlag(Qt::ControlModifier)
                                                                    : !modifiers.testFlag(Qt::ShiftModifier);
    if (enter && sends) {
        event->accept();
        Q_EMIT submitRequested();
        return;
    }
    if (enter) {
        // A new paragraph, not the line separator QPlainTextEdit inserts for Shift+Enter.
        textCursor().insertBlock();
        ensureCursorVisible();
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

int ComposerEdit::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins();
    const qreal documentMargin = document()->documentMargin();
    return lines * fontMetrics().lineSpacing() + int(std::ceil(2 * documentMargin)) + 2 * frameWidth() + margins.top()
        + margins.bottom();
}

QSize ComposerEdit::sizeHint() const
{
    // QPlainTextDocumentLayout measures the document in lines.
    const int lines = int(std::ceil(document()->documentLayout()->documentSize().height()));
    return {QPlainTextEdit::sizeHint().width(), heightForLines(std::clamp(lines, MinimumLines, MaximumLines))};
}

QSize ComposerEdit::minimumSizeHint() const
{
    return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(MinimumLines)};
}

bool ComposerEdit::offersAttachments(const QMimeData *source)
{
    if (!source)
        return false;
    if (source->hasImage())
        return true;
    if (!source->hasUrls())
        return false;
    const QList<QUrl> urls = source->urls();
    return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); });
}

bool ComposerEdit::canInsertFromMimeData(const QMimeData *source) const
{
    return offersAttachments(source) || QPlainTextEdit::canInsertFromMimeData(source);
}

void ComposerEdit::insertFromMimeData(const QMimeData *source)
{
    if (offersAttachments(source)) {
        Q_EMIT attachmentsOffered(source);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}
