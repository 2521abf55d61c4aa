#pragma once

#include "api/generationconfig.h"
#include "api/modelinfo.h"
#include "api/tools.h"

#include <QHash>
#include <QWidget>

class QEvent;
class QLabel;

// The generation settings of a conversation (issue 5): temperature (slider and number), topP, topK,
// max output tokens (capped by the model's limit), stop sequences (up to 5, removable chips),
// candidate count, seed, presence and frequency penalty; response type (text, JSON with an optional
// schema checked as you type, enum with its values); thinking budget and "show thoughts" (only for
// a model that thinks); tools: Google Search grounding and code execution.
// Every field starts unset ("Default", the model's default shown when known) and has a reset
// button; a value out of range cannot be entered. config()/tools() return only what is set.
class GenerationPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationPanel)

public:
    explicit GenerationPanel(QWidget *parent = nullptr);
    ~GenerationPanel() override;

    // The chosen model's defaults and limits: shown as the defaults, caps on the fields, topK hidden
    // when the model takes none, the thinking fields only when it thinks. Values already set that no
    // longer fit are clamped (and changed() is emitted).
    void setModelInfo(const ModelInfo &model);
    // Shows these settings (fields absent from config are unset); emits nothing.
    void setSettings(const GenerationConfig &config, const Tools &tools);
    GenerationConfig config() const;
    Tools tools() const;
    // Unsets every field.
    void resetAll();

    // A setting that cannot be sent as it is (a schema with problems, enum without values), in plain
    // words; empty when everything can be sent.
    QString problem() const;

    // Shows the server's words next to the field with this key (RequestField keys: "temperature",
    // "topP", "topK", "maxOutputTokens", "stopSequences", "candidateCount", "seed", "presencePenalty",
    // "frequencyPenalty", "responseMimeType", "responseSchema", "thinkingConfig", "tools",
    // "generationConfig"); returns false for a key this panel has no field for. Editing the field,
    // or clearFieldErrors(), removes it.
    bool showFieldError(const QString &key, const QString &message);
    void clearFieldErrors();
    // The error label shown for a key, for tests; null when none.
    QLabel *fieldErrorLabel(const QString &key) const;

Q_SIGNALS:
    // A setting was changed by the user (or reset).
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Private;
    Private *d;
};
