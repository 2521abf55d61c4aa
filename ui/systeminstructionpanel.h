#pragma once

#include "api/content.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class SystemPresets;

// The system instruction of a conversation: a multi-line editor and the saved presets (pick, save
// as a new preset, save over the picked one, rename, delete). Which preset is in use is shown while
// the text is unchanged from it; blank text means no system instruction is sent. Once the text is
// edited, the combo box shows the preset as "name (edited)", "Save to “name”" writes the edits back,
// and activePreset() is empty. Refused preset actions (a name taken, an empty name) are shown in a
// label under the preset row (objectName "presetMessage").
class SystemInstructionPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemInstructionPanel)

public:
    // The presets must outlive the panel.
    explicit SystemInstructionPanel(SystemPresets *presets, QWidget *parent = nullptr);
    ~SystemInstructionPanel() override;

    // Shows this instruction (and, when it matches one, that preset as picked). Emits nothing.
    void setInstruction(const QString &text);
    QString instruction() const;
    // {"parts":[{"text":…}]} when the text is not blank.
    std::optional<Content> systemInstruction() const;
    // The name of the preset in use: picked and not edited since; empty otherwise.
    QString activePreset() const;

    // Seams for tests. How a preset name is asked for (window title, label, proposed name; nullopt
    // when cancelled), and how deleting a preset is confirmed (window title, question). The defaults
    // are a QInputDialog and a QMessageBox (objectNames "presetNameDialog", "deletePresetDialog").
    using NamePrompt
        = std::function<std::optional<QString>(const QString &title, const QString &label, const QString &name)>;
    using Confirmation = std::function<bool(const QString &title, const QString &question)>;
    void setNamePrompt(NamePrompt prompt);
    void setConfirmation(Confirmation confirm);

    void showError(const QString &message);
    void clearError();
    QLabel *errorLabel() const;

Q_SIGNALS:
    // The instruction (or the preset in use) changed.
    void changed();

private:
    struct Private;
    Private *d;
};
