#pragma once

#include "api/safety.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;

// The safety settings of a conversation: one row per harm category (Safety::categories()) with its
// threshold: unset (the server's default), block none, block only high, block medium and above,
// block low and above, off. settings() returns only the categories that are set, in display order.
// Object names: the combo of a category is "safety_<CATEGORY>" (e.g. "safety_HARM_CATEGORY_HARASSMENT"),
// the button that unsets all is "safetyResetButton", the error label "safetyErrorLabel".
class SafetyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SafetyPanel)

public:
    explicit SafetyPanel(QWidget *parent = nullptr);
    ~SafetyPanel() override;

    // Shows these settings; categories not in the list are unset; unknown categories or thresholds
    // are kept and sent back as they were (shown as such). Emits nothing. A setting with an empty
    // category names nothing and is dropped; of duplicates the last one wins.
    void setSettings(const QList<SafetySetting> &settings);
    QList<SafetySetting> settings() const;
    // Unsets every category (emits nothing; the Reset button does the same and emits changed()).
    void resetAll();
    QComboBox *thresholdBox(const QString &category) const; // for tests; null when not shown

    // The server's words about the safety settings (a 400), shown above the rows until the user's next
    // change there (or clearError()). An empty message clears it.
    void showError(const QString &message);
    void clearError();
    QLabel *errorLabel() const;

Q_SIGNALS:
    void changed();

private:
    struct Private;
    Private *d;
};
