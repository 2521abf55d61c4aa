#pragma once

#include "settings/preferences.h"

#include <QPlainTextEdit>

class QMimeData;

// The prompt editor: Enter sends and Shift+Enter starts a new line, or (SendKey::CtrlEnter) Enter
// starts a new line and Ctrl+Enter sends. It grows with its text from two
// to ten lines, then scrolls. Files and images dropped or pasted onto it are offered as attachments
// (attachmentsOffered) instead of being inserted as text.
class ComposerEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposerEdit)

public:
    explicit ComposerEdit(QWidget *parent = nullptr);

    void setSendKey(Preferences::SendKey key);
    Preferences::SendKey sendKey() const { return m_sendKey; }
    // Which key sends and which starts a new line, in words for a tooltip ("Enter sends; …").
    QString sendKeyHint() const;
    // The key that sends, as the user reads it ("Enter", "Ctrl+Enter").
    QString sendKeyName() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static constexpr int MinimumLines = 2;
    static constexpr int MaximumLines = 10;

    // Whether dropped or pasted data is attachments (local files, image data) rather than text.
    static bool offersAttachments(const QMimeData *source);

Q_SIGNALS:
    void submitRequested();
    void attachmentsOffered(const QMimeData *source);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    int heightForLines(int lines) const;

    Preferences::SendKey m_sendKey = Preferences::SendKey::Enter;
};
