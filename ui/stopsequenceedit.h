#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QVBoxLayout;

// Stop sequences as removable chips: type one in the line edit ("stopSequenceEdit") and press Enter.
// At most GenerationConfig::MaxStopSequences; an empty or repeated one is refused with a message
// ("stopSequenceMessage"). Each chip is a "stopSequenceChip" with a "stopSequenceRemove" button.
class StopSequenceEdit final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StopSequenceEdit)

public:
    explicit StopSequenceEdit(QWidget *parent = nullptr);
    ~StopSequenceEdit() override;

    QStringList sequences() const { return m_sequences; }
    // Programmatic: emits nothing; keeps at most the first MaxStopSequences.
    void setSequences(const QStringList &sequences);

    // As if typed and entered; false (and the message shown) when refused.
    bool addSequence(const QString &sequence);
    void removeSequence(int index);

    // Why the last entry was refused; empty when it was not.
    QString message() const;
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    // The user added or removed a sequence.
    void edited();

private:
    void rebuildChips();
    void showMessage(const QString &message);
    void updatePlaceholder();

    QStringList m_sequences;
    QLineEdit *m_edit = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_chips = nullptr;
    QVBoxLayout *m_chipLayout = nullptr;
};
