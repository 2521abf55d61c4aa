#pragma once

#include "api/modelinfo.h"

#include <QWidget>

#include <optional>

class ModelList;
class QComboBox;
class QLabel;
class QToolButton;

// The model picker of the run settings: the models that can chat (ModelList), and what the chosen
// one offers: its id and description, input and output token limits, whether it thinks. The panel
// holds on to the model it was asked for; when a list arrives without it (the model was retired),
// it falls back to ModelList::choose() and says so in a note. While the list cannot be loaded the
// panel says why and offers Reload; the model asked for stays in use.
class ModelPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelPanel)

public:
    // The list must outlive the panel.
    explicit ModelPanel(ModelList *models, QWidget *parent = nullptr);

    // "gemini-2.5-flash"; never empty.
    QString currentModel() const { return m_current; }
    // What the list says of it; nullopt when not listed (yet).
    std::optional<ModelInfo> currentInfo() const;
    // Uses this model (kept even when not listed yet; checked when a list arrives). Emits nothing.
    void setCurrentModel(const QString &modelId);
    // "“gemini-1.0-pro” is no longer offered; Gemini 2.5 Flash is used instead." Empty when none.
    QString note() const;
    QComboBox *comboBox() const { return m_combo; }

Q_SIGNALS:
    // The model in use changed: picked by the user, or a fallback for a retired one.
    void modelChanged(const QString &modelId);

private:
    void onListReset();
    void onActivated(int row);
    QString displayName(const QString &modelId) const;
    void selectCurrent(); // shows m_current in the combo, without a signal
    void updateDetails();
    void showNote(const QString &text);

    ModelList *m_models;
    QString m_current;
    bool m_resetting = false;
    QComboBox *m_combo = nullptr;
    QToolButton *m_reloadButton = nullptr;
    QLabel *m_idLabel = nullptr;
    QLabel *m_descriptionLabel = nullptr;
    QLabel *m_limitsLabel = nullptr;
    QLabel *m_noteLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
};
