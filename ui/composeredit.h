#pragma once

#include <QPlainTextEdit>

// The prompt editor: Enter sends, Shift+Enter starts a new line. It grows with its text from two
// to ten lines, then scrolls.
class ComposerEdit final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComposerEdit)

public:
    explicit ComposerEdit(QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static constexpr int MinimumLines = 2;
    static constexpr int MaximumLines = 10;

Q_SIGNALS:
    void submitRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    int heightForLines(int lines) const;
};
