#pragma once

#include "chat/tokencounter.h"

#include <QWidget>

class QLabel;
class QProgressBar;

// The status-bar figure of what the next request would cost against the model's input limit:
// "1,234 / 1,048,576 tokens", "≈" when attachments are estimated, a bar that turns to the warning
// colour near the limit, and words when the request is over it. While a count is under way the old
// figure stays (dimmed); when counting failed the tooltip says why.
class TokenMeter final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenMeter)

public:
    explicit TokenMeter(QWidget *parent = nullptr);

    void setCount(const TokenCounter::Count &count);
    void setLimit(qint64 inputTokenLimit); // 0: unknown
    void setCounting(bool counting);
    void setError(const QString &message); // empty: no error
    QString text() const;
    bool isOverLimit() const;

private:
    void refresh();

    TokenCounter::Count m_count;
    qint64 m_limit = 0;
    bool m_counting = false;
    bool m_counted = true; // nothing to count yet is a count of 0
    QString m_error;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
};
