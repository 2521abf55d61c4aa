#include "tokenmeter.h"

#include "themecolors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

using namespace Qt::StringLiterals;

TokenMeter::TokenMeter(QWidget *parent)
    : QWidget(parent)
{
    m_label = new QLabel;
    m_label->setObjectName(u"tokenMeterLabel"_s);
    m_bar = new QProgressBar;
    m_bar->setObjectName(u"tokenMeterBar"_s);
    m_bar->setTextVisible(false);
    m_bar->setFixedWidth(64);
    m_bar->setMaximumHeight(8);
    m_bar->setRange(0, 1000);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    refresh();
}

void TokenMeter::setCount(const TokenCounter::Count &count)
{
    m_count = count;
    m_counted = true;
    m_error.clear();
    refresh();
}

void TokenMeter::setLimit(qint64 inputTokenLimit)
{
    m_limit = qMax<qint64>(0, inputTokenLimit);
    refresh();
}

void TokenMeter::setCounting(bool counting)
{
    m_counting = counting;
    refresh();
}

void TokenMeter::setError(const QString &message)
{
    m_error = message;
    refresh();
}

QString TokenMeter::text() const
{
    return m_label->text();
}

bool TokenMeter::isOverLimit() const
{
    return m_limit > 0 && m_count.total() > m_limit;
}

void TokenMeter::refresh()
{
    const QLocale locale;
    const QString figure
        = m_counted ? (m_count.estimated ? u"≈ "_s : QString()) + locale.toString(m_count.total()) : u"–"_s;
    m_label->setText(
        m_limit > 0 ? tr("%1 / %2 tokens").arg(figure, locale.toString(m_limit)) : tr("%1 tokens").arg(figure));
    m_label->setEnabled(!m_counting && m_error.isEmpty());

    QStringList tip;
    tip.append(tr("What the next message would cost: the conversation so far, the system instruction, "
                  "tools and what you are typing."));
    if (m_counted) {
        tip.append(tr("History and settings: %1").arg(locale.toString(m_count.contextTokens)));
        tip.append(tr("Your message: %1").arg(locale.toString(m_count.draftTokens)));
        if (m_count.attachmentTokens > 0)
            tip.append(tr("Attachments (estimated): %1").arg(locale.toString(m_count.attachmentTokens)));
    }
    if (m_counting)
        tip.append(tr("Counting…"));
    if (!m_error.isEmpty())
        tip.append(tr("The last count failed: %1").arg(m_error));
    if (isOverLimit())
        tip.append(tr("This is more than the model accepts (%1 tokens); the server will refuse it.")
                       .arg(locale.toString(m_limit)));
    setToolTip(tip.join(u'\n'));

    m_bar->setVisible(m_limit > 0);
    if (m_limit > 0) {
        const double share = double(m_count.total()) / double(m_limit);
        m_bar->setValue(int(qBound(0.0, share, 1.0) * 1000));
        QPalette palette = this->palette();
        if (share > 1.0)
            palette.setColor(QPalette::Highlight, ThemeColors::error(palette));
        else if (share > 0.9)
            palette.setColor(QPalette::Highlight, ThemeColors::warning(palette));
        m_bar->setPalette(palette);
    }
}
