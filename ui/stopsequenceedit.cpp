#include "stopsequenceedit.h"

#include "api/generationconfig.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
// Whitespace is what people most often stop on, and it is invisible in a chip.
QString visible(const QString &s)
{
    QString shown = s;
    shown.replace(u'\n', u"↵"_s).replace(u'\t', u"→"_s).replace(u'\r', u"␍"_s);
    if (shown.startsWith(u' ') || shown.endsWith(u' '))
        shown.replace(u' ', u"␣"_s);
    return shown;
}
} // namespace

StopSequenceEdit::StopSequenceEdit(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_edit = new QLineEdit(this);
    m_edit->setObjectName(u"stopSequenceEdit"_s);
    m_edit->setClearButtonEnabled(true);
    m_edit->setToolTip(tr("Text at which the model stops writing (not included in the answer); press Enter to "
                          "add it. Up to %1.")
                           .arg(GenerationConfig::MaxStopSequences));
    // A stop sequence is short; this keeps a pasted novel out of the request.
    m_edit->setMaxLength(1000);
    layout->addWidget(m_edit);
    setFocusProxy(m_edit);

    m_message = new QLabel(this);
    m_message->setObjectName(u"stopSequenceMessage"_s);
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    layout->addWidget(m_message);

    m_chips = new QWidget(this);
    m_chipLayout = new QVBoxLayout(m_chips);
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_chipLayout->setSpacing(2);
    layout->addWidget(m_chips);

    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (addSequence(m_edit->text()))
            m_edit->clear();
    });
    connect(m_edit, &QLineEdit::textEdited, this, [this] { showMessage(QString()); });

    rebuildChips();
}

StopSequenceEdit::~StopSequenceEdit() = default;

void StopSequenceEdit::setSequences(const QStringList &sequences)
{
    m_sequences = sequences.mid(0, GenerationConfig::MaxStopSequences);
    showMessage(QString());
    rebuildChips();
}

bool StopSequenceEdit::addSequence(const QString &sequence)
{
    if (sequence.isEmpty()) {
        showMessage(tr("Type the text to stop at, then press Enter."));
        return false;
    }
    if (m_sequences.contains(sequence)) {
        showMessage(tr("“%1” is already a stop sequence.").arg(visible(sequence)));
        return false;
    }
    if (m_sequences.size() >= GenerationConfig::MaxStopSequences) {
        showMessage(tr("At most %1 stop sequences: remove one first.").arg(GenerationConfig::MaxStopSequences));
        return false;
    }
    m_sequences.append(sequence);
    showMessage(QString());
    rebuildChips();
    Q_EMIT edited();
    return true;
}

void StopSequenceEdit::removeSequence(int index)
{
    if (index < 0 || index >= m_sequences.size())
        return;
    m_sequences.removeAt(index);
    showMessage(QString());
    rebuildChips();
    Q_EMIT edited();
}

QString StopSequenceEdit::message() const
{
    return m_message->text();
}

void StopSequenceEdit::rebuildChips()
{
    while (QLayoutItem *item = m_chipLayout->takeAt(0)) {
        // The remove button being clicked may be in this chip: delete it once its signal returns.
        if (QWidget *chip = item->widget()) {
            chip->hide();
            chip->setParent(nullptr);
            chip->deleteLater();
        }
        delete item;
    }
    QWidget *previous = m_edit; // the chips' buttons come right after the line edit when tabbing
    for (int i = 0; i < m_sequences.size(); ++i) {
        auto *chip = new QFrame(m_chips);
        chip->setObjectName(u"stopSequenceChip"_s);
        chip->setFrameShape(QFrame::StyledPanel);
        chip->setToolTip(tr("Stops at “%1”").arg(m_sequences.at(i).toHtmlEscaped()));
        auto *row = new QHBoxLayout(chip);
        row->setContentsMargins(6, 0, 0, 0);
        row->setSpacing(2);
        auto *label = new QLabel(chip);
        label->setTextFormat(Qt::PlainText);
        label->setText(fontMetrics().elidedText(visible(m_sequences.at(i)), Qt::ElideRight, 220));
        row->addWidget(label, 1);
        auto *remove = new QToolButton(chip);
        remove->setObjectName(u"stopSequenceRemove"_s);
        remove->setAutoRaise(true);
        remove->setIcon(QIcon::fromTheme(u"edit-delete-remove"_s, QIcon::fromTheme(u"window-close"_s)));
        if (remove->icon().isNull())
            remove->setText(u"×"_s);
        remove->setToolTip(tr("Remove this stop sequence"));
        remove->setAccessibleName(tr("Remove “%1”").arg(m_sequences.at(i)));
        row->addWidget(remove);
        connect(remove, &QToolButton::clicked, this, [this, i] { removeSequence(i); });
        QWidget::setTabOrder(previous, remove);
        previous = remove;
        m_chipLayout->addWidget(chip, 0, Qt::AlignLeft);
    }
    m_chips->setVisible(!m_sequences.isEmpty());
    updatePlaceholder();
}

void StopSequenceEdit::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void StopSequenceEdit::updatePlaceholder()
{
    m_edit->setPlaceholderText(m_sequences.size() >= GenerationConfig::MaxStopSequences
            ? tr("Limit of %1 reached").arg(GenerationConfig::MaxStopSequences)
            : tr("Add a stop sequence…"));
}
