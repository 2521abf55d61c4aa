#pragma once

#include "api/apierror.h"
#include "api/generaterequest.h"

#include <QWidget>

class GenerationPanel;
class ModelList;
class ModelPanel;
class QLabel;
class QPushButton;
class QScrollArea;
class QToolButton;
class SafetyPanel;
class SystemInstructionPanel;
class SystemPresets;

// The right-hand dock of the main window: everything that steers the next request of the
// conversation, in folding sections (Model, System instructions, Generation, Safety) over two
// buttons, "Get code" and "Reset". The settings belong to the conversation; what is unset is not
// sent. A 400 from the server about a setting is shown next to that setting.
class RunSettingsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunSettingsPanel)

public:
    // The list and the presets must outlive the panel.
    RunSettingsPanel(ModelList *models, SystemPresets *presets, QWidget *parent = nullptr);

    QString model() const;
    // The request without its history: system instruction, generation config, safety settings, tools.
    GenerateContentRequest requestTemplate() const;
    // Shows the settings of a conversation. Emits nothing.
    void setSettings(const QString &model, const GenerateContentRequest &base);
    // Unsets everything but the model.
    void resetAll();
    // A setting that cannot be sent as it is (an invalid schema, …); empty when all can be sent.
    QString problem() const;

    // Puts the server's words next to the setting a 400 names, opening its section; false when the
    // error names no setting.
    bool showRequestError(const ApiError &error);
    void clearRequestErrors();
    // Opens the section of this setting and puts the focus on its editor.
    void focusSystemInstruction();

    ModelPanel *modelPanel() const { return m_modelPanel; }
    SystemInstructionPanel *systemInstructionPanel() const { return m_systemPanel; }
    GenerationPanel *generationPanel() const { return m_generationPanel; }
    SafetyPanel *safetyPanel() const { return m_safetyPanel; }

Q_SIGNALS:
    // A setting (the model included) was changed by the user.
    void settingsChanged();
    void modelChanged(const QString &modelId);
    void getCodeRequested();

private:
    // A section header that folds its content; returns the header button.
    QToolButton *addSection(const QString &title, const QString &objectName, QWidget *content, bool expanded);
    void expand(QToolButton *header);

    ModelPanel *m_modelPanel = nullptr;
    SystemInstructionPanel *m_systemPanel = nullptr;
    GenerationPanel *m_generationPanel = nullptr;
    SafetyPanel *m_safetyPanel = nullptr;
    QToolButton *m_modelHeader = nullptr;
    QToolButton *m_systemHeader = nullptr;
    QToolButton *m_generationHeader = nullptr;
    QToolButton *m_safetyHeader = nullptr;
    QWidget *m_sections = nullptr;
    QScrollArea *m_scroll = nullptr;
    QPushButton *m_getCodeButton = nullptr;
    QPushButton *m_resetButton = nullptr;
};
