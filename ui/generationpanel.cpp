#include "generationpanel.h"

#include "api/schemacheck.h"
#include "optionalnumberfield.h"
#include "stopsequenceedit.h"
#include "themecolors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScopedValueRollback>
#include <QSet>
#include <QVBoxLayout>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxThinkingBudget = 32768; // 2.5 Pro; Flash stops at 24576 and says so itself
constexpr int MaxTopK = 1000;
const auto JsonMime = "application/json"_L1;
const auto EnumMime = "text/x.enum"_L1;

enum ResponseType {
    TextResponse,
    JsonResponse,
    EnumResponse
};

void setTextColor(QLabel *label, const std::optional<QColor> &color)
{
    QPalette p = label->parentWidget() ? label->parentWidget()->palette() : label->palette();
    if (color)
        p.setColor(QPalette::WindowText, *color);
    label->setPalette(p);
}

QStringList enumValues(const QString &text)
{
    QStringList values;
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        const QString v = line.trimmed();
        if (!v.isEmpty())
            values.append(v);
    }
    return values;
}
} // namespace

struct GenerationPanel::Private
{
    GenerationPanel *q = nullptr;
    ModelInfo model;
    bool modelKnown = false;
    // What setSettings() gave, for the fields this panel has no control for (thinkingLevel,
    // responseModalities, url context, functions…): they are passed through unchanged.
    GenerationConfig base;
    Tools baseTools;
    bool loading = false;

    QLabel *generalError = nullptr;
    QFormLayout *samplingForm = nullptr;
    OptionalNumberField *temperature = nullptr;
    OptionalNumberField *topP = nullptr;
    OptionalNumberField *topK = nullptr;
    QWidget *topKRow = nullptr;
    OptionalNumberField *maxOutputTokens = nullptr;
    OptionalNumberField *candidateCount = nullptr;
    OptionalNumberField *seed = nullptr;
    OptionalNumberField *presencePenalty = nullptr;
    OptionalNumberField *frequencyPenalty = nullptr;
    StopSequenceEdit *stops = nullptr;

    QComboBox *responseType = nullptr;
    QWidget *jsonBox = nullptr;
    QPlainTextEdit *schemaEdit = nullptr;
    QLabel *schemaStatus = nullptr;
    SchemaCheck::Dialect schemaFallback = SchemaCheck::Dialect::OpenApi;
    SchemaCheck::Result schema;
    QWidget *enumBox = nullptr;
    QPlainTextEdit *enumEdit = nullptr;
    QLabel *enumStatus = nullptr;

    QGroupBox *thinkingGroup = nullptr;
    OptionalNumberField *thinkingBudget = nullptr;
    QCheckBox *showThoughts = nullptr;

    QCheckBox *googleSearch = nullptr;
    QCheckBox *codeExecution = nullptr;

    QHash<QString, QLabel *> errorLabels; // every key's label, hidden until used
    QHash<QString, QLabel *> shownErrors; // key -> the label showing its message

    QList<OptionalNumberField *> numberFields() const
    {
        return {temperature, topP, topK, maxOutputTokens, candidateCount, seed, presencePenalty, frequencyPenalty,
            thinkingBudget};
    }
    bool topKAllowed() const { return !modelKnown || model.topK.has_value(); }
    bool thinkingAllowed() const { return !modelKnown || model.thinking; }

    QLabel *makeErrorLabel(const QString &key, QWidget *parent)
    {
        auto *label = new QLabel(parent);
        label->setObjectName(key + "Error"_L1);
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setVisible(false);
        errorLabels.insert(key, label);
        return label;
    }

    // The field with its error label under it.
    QWidget *withError(const QString &key, QWidget *field, QWidget *parent)
    {
        auto *box = new QWidget(parent);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        field->setParent(box);
        layout->addWidget(field);
        layout->addWidget(makeErrorLabel(key, box));
        return box;
    }

    OptionalNumberField *addNumber(QFormLayout *form, QWidget *parent, const QString &key, const QString &label,
        const QString &tip, int decimals, bool slider = false)
    {
        auto *field = new OptionalNumberField(key, decimals, slider, parent);
        field->setFieldToolTip(tip);
        auto *title = new QLabel(label, parent);
        title->setBuddy(field->spinBox());
        title->setToolTip(tip);
        form->addRow(title, withError(key, field, parent));
        QObject::connect(field, &OptionalNumberField::edited, q, [this, key] { userChanged({key}); });
        return field;
    }

    void userChanged(const QStringList &keys)
    {
        if (loading)
            return;
        for (const QString &key : keys)
            clearFieldError(key);
        clearFieldError(u"generationConfig"_s);
        Q_EMIT q->changed();
    }

    void clearFieldError(const QString &key)
    {
        QLabel *label = shownErrors.take(key);
        if (!label)
            return;
        for (QLabel *other : std::as_const(shownErrors)) {
            if (other == label)
                return; // still showing another key's message
        }
        label->clear();
        label->setVisible(false);
    }

    void applyErrorColors()
    {
        for (QLabel *label : std::as_const(errorLabels))
            setTextColor(label, ThemeColors::error(q->palette()));
        updateSchemaStatus();
        updateEnumStatus();
    }

    int currentResponseType() const { return responseType->currentIndex(); }

    void updateResponseBoxes()
    {
        jsonBox->setVisible(currentResponseType() == JsonResponse);
        enumBox->setVisible(currentResponseType() == EnumResponse);
    }

    void updateSchemaStatus()
    {
        schema = SchemaCheck::check(schemaEdit->toPlainText(), schemaFallback);
        if (!schema.schema && schema.problems.isEmpty()) {
            schemaStatus->setText(tr("No schema: the answer is any JSON."));
            setTextColor(schemaStatus, std::nullopt);
        } else if (schema.ok()) {
            schemaStatus->setText(schema.dialect == SchemaCheck::Dialect::OpenApi
                    ? tr("✓ Valid OpenAPI schema (sent as responseSchema).")
                    : tr("✓ Valid JSON Schema (sent as responseJsonSchema)."));
            setTextColor(schemaStatus, std::nullopt);
        } else {
            schemaStatus->setText(schema.summary());
            setTextColor(schemaStatus, ThemeColors::error(q->palette()));
        }
    }

    QString enumProblem() const
    {
        const QStringList values = enumValues(enumEdit->toPlainText());
        if (values.isEmpty())
            return tr("An enum answer needs at least one value.");
        QSet<QString> seen;
        for (const QString &v : values) {
            if (seen.contains(v))
                return tr("“%1” is listed twice.").arg(v);
            seen.insert(v);
        }
        return QString();
    }

    void updateEnumStatus()
    {
        const QString problem = enumProblem();
        if (problem.isEmpty()) {
            const int n = int(enumValues(enumEdit->toPlainText()).size());
            enumStatus->setText(tr("The answer is one of these %n value(s).", nullptr, n));
            setTextColor(enumStatus, std::nullopt);
        } else {
            enumStatus->setText(problem);
            setTextColor(enumStatus, ThemeColors::error(q->palette()));
        }
    }

    void setSchemaText(const QString &text)
    {
        const QScopedValueRollback guard(loading, true);
        schemaEdit->setPlainText(text);
        updateSchemaStatus();
    }

    void setEnumText(const QString &text)
    {
        const QScopedValueRollback guard(loading, true);
        enumEdit->setPlainText(text);
        updateEnumStatus();
    }

    void setResponseType(int type)
    {
        const QScopedValueRollback guard(loading, true);
        responseType->setCurrentIndex(type);
        updateResponseBoxes();
    }

    // Caps and defaults from the model; returns whether a value had to change.
    bool applyModel()
    {
        bool clamped = false;
        temperature->setDefaultValue(model.temperature);
        clamped |= temperature->setRange(0.0, model.maxTemperature.value_or(2.0));
        topP->setDefaultValue(model.topP);
        topK->setDefaultValue(model.topK ? std::optional<double>(*model.topK) : std::nullopt);
        clamped |= topK->setRange(1, std::max(MaxTopK, model.topK.value_or(0)));
        const int outputLimit = model.outputTokenLimit > 0 ? model.outputTokenLimit : std::numeric_limits<int>::max();
        clamped |= maxOutputTokens->setRange(1, outputLimit);
        maxOutputTokens->setFieldToolTip(model.outputTokenLimit > 0
                ? tr("The longest answer, in tokens (thoughts count too); up to %L1 for this model.")
                      .arg(model.outputTokenLimit)
                : tr("The longest answer, in tokens (thoughts count too)."));

        samplingForm->setRowVisible(topKRow, topKAllowed());
        if (!topKAllowed() && topK->isSet()) {
            topK->setValue(std::nullopt);
            clamped = true;
        }
        if (!topKAllowed())
            base.topK.reset();

        thinkingGroup->setVisible(thinkingAllowed());
        if (!thinkingAllowed()) {
            if (thinkingBudget->isSet() || showThoughts->isChecked() || base.thinkingConfig) {
                clamped = true;
                thinkingBudget->setValue(std::nullopt);
                const QSignalBlocker blocker(showThoughts);
                showThoughts->setChecked(false);
                base.thinkingConfig.reset();
            }
        }
        return clamped;
    }

    void build();
};

void GenerationPanel::Private::build()
{
    auto *outer = new QVBoxLayout(q);
    outer->setContentsMargins(0, 0, 0, 0);

    generalError = makeErrorLabel(u"generationConfig"_s, q);
    outer->addWidget(generalError);

    auto compactForm = [](QWidget *parent) {
        auto *form = new QFormLayout(parent);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setLabelAlignment(Qt::AlignLeft);
        return form;
    };

    // Sampling
    auto *sampling = new QGroupBox(tr("Sampling"), q);
    sampling->setObjectName(u"samplingGroup"_s);
    samplingForm = compactForm(sampling);
    temperature = addNumber(samplingForm, sampling, u"temperature"_s, tr("&Temperature"),
        tr("How random the answer is: lower is focused and repeatable, higher is more varied."), 2, true);
    temperature->setSingleStep(0.05);
    topP = addNumber(samplingForm, sampling, u"topP"_s, tr("Top &P"),
        tr("Sample only from the most likely tokens whose probabilities add up to this."), 2);
    topP->setSingleStep(0.05);
    topP->setRange(0.0, 1.0);
    topK = addNumber(samplingForm, sampling, u"topK"_s, tr("Top &K"),
        tr("Sample only from this many of the most likely tokens."), 0);
    topKRow = topK->parentWidget();
    maxOutputTokens = addNumber(samplingForm, sampling, u"maxOutputTokens"_s, tr("Max &output tokens"),
        tr("The longest answer, in tokens (thoughts count too)."), 0);
    candidateCount = addNumber(samplingForm, sampling, u"candidateCount"_s, tr("&Candidates"),
        tr("How many alternative answers to write; each costs output tokens."), 0);
    candidateCount->setRange(1, 8);
    candidateCount->setDefaultValue(1);
    seed = addNumber(samplingForm, sampling, u"seed"_s, tr("&Seed"),
        tr("Makes sampling repeatable: the same seed and settings tend to give the same answer."), 0);
    seed->setRange(std::numeric_limits<qint32>::min(), std::numeric_limits<qint32>::max());
    // The server takes -2.0 up to, not including, 2.0; two decimals make that 1.99.
    presencePenalty = addNumber(samplingForm, sampling, u"presencePenalty"_s, tr("Pr&esence penalty"),
        tr("Above 0, discourages any token already used, nudging towards new topics."), 2);
    presencePenalty->setSingleStep(0.1);
    presencePenalty->setRange(-2.0, 1.99);
    frequencyPenalty = addNumber(samplingForm, sampling, u"frequencyPenalty"_s, tr("&Frequency penalty"),
        tr("Above 0, discourages tokens the more often they were already used."), 2);
    frequencyPenalty->setSingleStep(0.1);
    frequencyPenalty->setRange(-2.0, 1.99);
    outer->addWidget(sampling);

    // Stop sequences
    auto *stopGroup = new QGroupBox(tr("Stop sequences"), q);
    stopGroup->setObjectName(u"stopSequencesGroup"_s);
    auto *stopLayout = new QVBoxLayout(stopGroup);
    stops = new StopSequenceEdit(stopGroup);
    stopLayout->addWidget(withError(u"stopSequences"_s, stops, stopGroup));
    QObject::connect(stops, &StopSequenceEdit::edited, q, [this] { userChanged({u"stopSequences"_s}); });
    QObject::connect(stops->lineEdit(), &QLineEdit::textEdited, q, [this] { clearFieldError(u"stopSequences"_s); });
    outer->addWidget(stopGroup);

    // Response
    auto *responseGroup = new QGroupBox(tr("Response"), q);
    responseGroup->setObjectName(u"responseGroup"_s);
    auto *responseLayout = new QVBoxLayout(responseGroup);
    auto *typeForm = compactForm(nullptr);
    responseType = new QComboBox(responseGroup);
    responseType->setObjectName(u"responseTypeCombo"_s);
    responseType->addItem(tr("Text (default)"));
    responseType->addItem(tr("JSON"));
    responseType->addItem(tr("Enum"));
    responseType->setToolTip(tr("Free text, JSON (optionally following a schema), or exactly one of a list "
                                "of values."));
    auto *typeLabel = new QLabel(tr("&Answer as"), responseGroup);
    typeLabel->setBuddy(responseType);
    typeForm->addRow(typeLabel, withError(u"responseMimeType"_s, responseType, responseGroup));
    responseLayout->addLayout(typeForm);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    jsonBox = new QWidget(responseGroup);
    auto *jsonLayout = new QVBoxLayout(jsonBox);
    jsonLayout->setContentsMargins(0, 0, 0, 0);
    jsonLayout->setSpacing(2);
    auto *schemaLabel = new QLabel(tr("&Schema (optional)"), jsonBox);
    schemaEdit = new QPlainTextEdit(jsonBox);
    schemaEdit->setObjectName(u"responseSchemaEdit"_s);
    schemaEdit->setFont(mono);
    schemaEdit->setTabChangesFocus(true);
    schemaEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    schemaEdit->setPlaceholderText(
        u"{\"type\": \"OBJECT\",\n \"properties\": {\n  \"name\": {\"type\": \"STRING\"}}}"_s);
    schemaEdit->setToolTip(tr("The shape the JSON answer must have: an OpenAPI schema (upper-case types such as "
                              "STRING) or a JSON Schema (lower-case types); empty for any JSON."));
    schemaEdit->setFixedHeight(schemaEdit->fontMetrics().lineSpacing() * 8 + 12);
    schemaLabel->setBuddy(schemaEdit);
    schemaStatus = new QLabel(jsonBox);
    schemaStatus->setObjectName(u"responseSchemaStatus"_s);
    schemaStatus->setWordWrap(true);
    schemaStatus->setTextFormat(Qt::PlainText);
    jsonLayout->addWidget(schemaLabel);
    jsonLayout->addWidget(schemaEdit);
    jsonLayout->addWidget(schemaStatus);
    responseLayout->addWidget(jsonBox);

    enumBox = new QWidget(responseGroup);
    auto *enumLayout = new QVBoxLayout(enumBox);
    enumLayout->setContentsMargins(0, 0, 0, 0);
    enumLayout->setSpacing(2);
    auto *enumLabel = new QLabel(tr("&Values, one per line"), enumBox);
    enumEdit = new QPlainTextEdit(enumBox);
    enumEdit->setObjectName(u"responseEnumEdit"_s);
    enumEdit->setTabChangesFocus(true);
    enumEdit->setPlaceholderText(tr("positive\nneutral\nnegative"));
    enumEdit->setToolTip(tr("The answer is exactly one of these values."));
    enumEdit->setFixedHeight(enumEdit->fontMetrics().lineSpacing() * 5 + 12);
    enumLabel->setBuddy(enumEdit);
    enumStatus = new QLabel(enumBox);
    enumStatus->setObjectName(u"responseEnumStatus"_s);
    enumStatus->setWordWrap(true);
    enumStatus->setTextFormat(Qt::PlainText);
    enumLayout->addWidget(enumLabel);
    enumLayout->addWidget(enumEdit);
    enumLayout->addWidget(enumStatus);
    responseLayout->addWidget(enumBox);
    responseLayout->addWidget(makeErrorLabel(u"responseSchema"_s, responseGroup));
    outer->addWidget(responseGroup);

    QObject::connect(responseType, &QComboBox::currentIndexChanged, q, [this] {
        updateResponseBoxes();
        userChanged({u"responseMimeType"_s, u"responseSchema"_s});
    });
    QObject::connect(schemaEdit, &QPlainTextEdit::textChanged, q, [this] {
        if (loading)
            return;
        updateSchemaStatus();
        userChanged({u"responseSchema"_s});
    });
    QObject::connect(enumEdit, &QPlainTextEdit::textChanged, q, [this] {
        if (loading)
            return;
        updateEnumStatus();
        userChanged({u"responseSchema"_s});
    });

    // Thinking
    thinkingGroup = new QGroupBox(tr("Thinking"), q);
    thinkingGroup->setObjectName(u"thinkingGroup"_s);
    auto *thinkingForm = compactForm(thinkingGroup);
    thinkingBudget = addNumber(thinkingForm, thinkingGroup, u"thinkingBudget"_s, tr("&Budget"),
        tr("Tokens the model may spend thinking: Off (0), Dynamic (-1, the model decides) or a number up to %L1. "
           "Clear the field for the model's default.")
            .arg(MaxThinkingBudget),
        0);
    thinkingBudget->setRange(-1, MaxThinkingBudget);
    thinkingBudget->setValueNames({{-1.0, tr("Dynamic")}, {0.0, tr("Off")}});
    showThoughts = new QCheckBox(tr("Show &thoughts"), thinkingGroup);
    showThoughts->setObjectName(u"showThoughtsCheck"_s);
    showThoughts->setToolTip(tr("Ask for summaries of the model's thoughts. Unchecked sends nothing, so the "
                                "server's default (no thoughts) applies."));
    thinkingForm->addRow(showThoughts);
    thinkingForm->addRow(makeErrorLabel(u"thinkingConfig"_s, thinkingGroup));
    QObject::connect(thinkingBudget, &OptionalNumberField::edited, q, [this] { clearFieldError(u"thinkingConfig"_s); });
    QObject::connect(showThoughts, &QCheckBox::toggled, q, [this] { userChanged({u"thinkingConfig"_s}); });
    outer->addWidget(thinkingGroup);

    // Tools
    auto *toolsGroup = new QGroupBox(tr("Tools"), q);
    toolsGroup->setObjectName(u"toolsGroup"_s);
    auto *toolsLayout = new QVBoxLayout(toolsGroup);
    googleSearch = new QCheckBox(tr("&Grounding with Google Search"), toolsGroup);
    googleSearch->setObjectName(u"googleSearchCheck"_s);
    googleSearch->setToolTip(tr("Lets the model search the web and cite its sources."));
    codeExecution = new QCheckBox(tr("Code e&xecution"), toolsGroup);
    codeExecution->setObjectName(u"codeExecutionCheck"_s);
    codeExecution->setToolTip(tr("Lets the model write and run Python code to compute its answer."));
    toolsLayout->addWidget(googleSearch);
    toolsLayout->addWidget(codeExecution);
    toolsLayout->addWidget(makeErrorLabel(u"tools"_s, toolsGroup));
    for (QCheckBox *box : {googleSearch, codeExecution})
        QObject::connect(box, &QCheckBox::toggled, q, [this] { userChanged({u"tools"_s}); });
    outer->addWidget(toolsGroup);
    outer->addStretch(1);

    updateResponseBoxes();
    updateSchemaStatus();
    updateEnumStatus();
    applyModel();
    applyErrorColors();
}

GenerationPanel::GenerationPanel(QWidget *parent)
    : QWidget(parent)
    , d(new Private)
{
    d->q = this;
    d->build();
}

GenerationPanel::~GenerationPanel()
{
    delete d;
}

void GenerationPanel::setModelInfo(const ModelInfo &model)
{
    d->model = model;
    d->modelKnown = !model.name.isEmpty();
    bool clamped = false;
    {
        const QScopedValueRollback guard(d->loading, true);
        clamped = d->applyModel();
    }
    if (clamped)
        Q_EMIT changed();
}

void GenerationPanel::setSettings(const GenerationConfig &config, const Tools &tools)
{
    const QScopedValueRollback guard(d->loading, true);
    d->base = config;
    d->baseTools = tools;
    d->schemaFallback = SchemaCheck::Dialect::OpenApi;
    clearFieldErrors();

    d->temperature->setValue(config.temperature);
    d->topP->setValue(config.topP);
    auto toDouble = [](const std::optional<int> &v) { return v ? std::optional<double>(*v) : std::nullopt; };
    d->topK->setValue(toDouble(config.topK));
    d->maxOutputTokens->setValue(toDouble(config.maxOutputTokens));
    d->candidateCount->setValue(toDouble(config.candidateCount));
    d->seed->setValue(toDouble(config.seed));
    d->presencePenalty->setValue(config.presencePenalty);
    d->frequencyPenalty->setValue(config.frequencyPenalty);
    d->stops->setSequences(config.stopSequences);

    QString schemaText;
    QString enumText;
    int type = TextResponse;
    if (config.responseMimeType == EnumMime) {
        type = EnumResponse;
        QStringList values;
        const QJsonArray list = config.responseSchema.value_or(QJsonObject()).value("enum"_L1).toArray();
        for (const QJsonValue &v : list)
            values.append(v.toString());
        enumText = values.join(u'\n');
    } else if (config.responseMimeType == JsonMime || config.responseSchema || config.responseJsonSchema) {
        type = JsonResponse;
        d->schemaFallback
            = config.responseJsonSchema ? SchemaCheck::Dialect::JsonSchema : SchemaCheck::Dialect::OpenApi;
        if (const auto &s = config.responseSchema ? config.responseSchema : config.responseJsonSchema)
            schemaText = QString::fromUtf8(QJsonDocument(*s).toJson(QJsonDocument::Indented)).trimmed();
    }
    d->setSchemaText(schemaText);
    d->setEnumText(enumText);
    d->setResponseType(type);

    const ThinkingConfig thinking = config.thinkingConfig.value_or(ThinkingConfig());
    d->thinkingBudget->setValue(toDouble(thinking.thinkingBudget));
    d->showThoughts->setChecked(thinking.includeThoughts.value_or(false));

    d->googleSearch->setChecked(tools.googleSearch);
    d->codeExecution->setChecked(tools.codeExecution);
}

GenerationConfig GenerationPanel::config() const
{
    GenerationConfig c = d->base;
    c.temperature = d->temperature->value();
    c.topP = d->topP->value();
    c.topK = d->topKAllowed() ? d->topK->intValue() : std::nullopt;
    c.maxOutputTokens = d->maxOutputTokens->intValue();
    c.candidateCount = d->candidateCount->intValue();
    c.seed = d->seed->intValue();
    c.presencePenalty = d->presencePenalty->value();
    c.frequencyPenalty = d->frequencyPenalty->value();
    c.stopSequences = d->stops->sequences();

    c.responseSchema.reset();
    c.responseJsonSchema.reset();
    switch (d->currentResponseType()) {
    case JsonResponse:
        c.responseMimeType = JsonMime;
        // A schema with problems is still given (problem() says it cannot be sent); text that is not
        // an object is not.
        if (d->schema.schema) {
            if (d->schema.dialect == SchemaCheck::Dialect::OpenApi)
                c.responseSchema = d->schema.schema;
            else
                c.responseJsonSchema = d->schema.schema;
        }
        break;
    case EnumResponse: {
        c.responseMimeType = EnumMime;
        const QStringList values = enumValues(d->enumEdit->toPlainText());
        if (!values.isEmpty())
            c.responseSchema = QJsonObject {{u"type"_s, u"STRING"_s}, {u"enum"_s, QJsonArray::fromStringList(values)}};
        break;
    }
    default:
        // "text/plain" is the default: only kept when it was given explicitly.
        if (c.responseMimeType == JsonMime || c.responseMimeType == EnumMime)
            c.responseMimeType.clear();
        break;
    }

    if (d->thinkingAllowed()) {
        ThinkingConfig t = d->base.thinkingConfig.value_or(ThinkingConfig());
        t.thinkingBudget = d->thinkingBudget->intValue();
        if (d->showThoughts->isChecked())
            t.includeThoughts = true;
        else if (t.includeThoughts == true)
            t.includeThoughts.reset();
        c.thinkingConfig = t.isEmpty() ? std::nullopt : std::optional<ThinkingConfig>(t);
    } else {
        c.thinkingConfig.reset();
    }
    return c;
}

Tools GenerationPanel::tools() const
{
    Tools t = d->baseTools;
    t.googleSearch = d->googleSearch->isChecked();
    t.codeExecution = d->codeExecution->isChecked();
    return t;
}

void GenerationPanel::resetAll()
{
    const GenerationConfig before = config();
    const Tools beforeTools = tools();
    setSettings(GenerationConfig(), Tools());
    if (before != config() || beforeTools != tools())
        Q_EMIT changed();
}

QString GenerationPanel::problem() const
{
    switch (d->currentResponseType()) {
    case JsonResponse:
        if (!d->schema.problems.isEmpty())
            return tr("The response schema cannot be sent: %1").arg(d->schema.summary());
        break;
    case EnumResponse:
        return d->enumProblem();
    default:
        break;
    }
    return QString();
}

bool GenerationPanel::showFieldError(const QString &key, const QString &message)
{
    QString target = key;
    // A field the model does not show cannot carry its message: show it at the top.
    if ((key == "topK"_L1 && !d->topKAllowed())
        || ((key == "thinkingConfig"_L1 || key == "thinkingBudget"_L1) && !d->thinkingAllowed()))
        target = u"generationConfig"_s;
    else if (key == "thinkingBudget"_L1)
        target = u"thinkingConfig"_s;
    QLabel *label = d->errorLabels.value(target);
    if (!label)
        return false;
    // The server's words can be long; a hostile reply must not blow the panel up.
    label->setText(message.size() > 1000 ? message.left(1000) + u'…' : message);
    setTextColor(label, ThemeColors::error(palette()));
    label->setVisible(true);
    d->shownErrors.insert(key, label);
    return true;
}

void GenerationPanel::clearFieldErrors()
{
    const QStringList keys = d->shownErrors.keys();
    for (const QString &key : keys)
        d->clearFieldError(key);
}

QLabel *GenerationPanel::fieldErrorLabel(const QString &key) const
{
    return d->shownErrors.value(key);
}

void GenerationPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        d->applyErrorColors();
}
