#include "runsettingspanel.h"

#include "api/requestfield.h"
#include "chat/modellist.h"
#include "generationpanel.h"
#include "modelpanel.h"
#include "safetypanel.h"
#include "systeminstructionpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

RunSettingsPanel::RunSettingsPanel(ModelList *models, SystemPresets *presets, QWidget *parent)
    : QWidget(parent)
{
    m_modelPanel = new ModelPanel(models);
    m_systemPanel = new SystemInstructionPanel(presets);
    m_generationPanel = new GenerationPanel;
    m_safetyPanel = new SafetyPanel;

    m_sections = new QWidget;
    auto *sectionsLayout = new QVBoxLayout(m_sections);
    sectionsLayout->setContentsMargins(8, 8, 8, 8);
    sectionsLayout->setSpacing(2);
    m_modelHeader = addSection(tr("Model"), u"modelSection"_s, m_modelPanel, true);
    m_systemHeader = addSection(tr("System instructions"), u"systemSection"_s, m_systemPanel, true);
    m_generationHeader = addSection(tr("Generation"), u"generationSection"_s, m_generationPanel, true);
    m_safetyHeader = addSection(tr("Safety"), u"safetySection"_s, m_safetyPanel, false);
    sectionsLayout->addStretch(1);

    m_scroll = new QScrollArea;
    m_scroll->setObjectName(u"runSettingsScroll"_s);
    m_scroll->setWidget(m_sections);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_getCodeButton = new QPushButton(QIcon::fromTheme(u"code-context"_s), tr("Get Code"));
    m_getCodeButton->setObjectName(u"getCodeButton"_s);
    m_getCodeButton->setToolTip(tr("This conversation and its settings as curl, Python or JavaScript"));
    connect(m_getCodeButton, &QPushButton::clicked, this, &RunSettingsPanel::getCodeRequested);
    m_resetButton = new QPushButton(tr("Reset"));
    m_resetButton->setObjectName(u"resetSettingsButton"_s);
    m_resetButton->setToolTip(tr("Unset every setting but the model: the server's defaults apply"));
    connect(m_resetButton, &QPushButton::clicked, this, [this] {
        resetAll();
        Q_EMIT settingsChanged();
    });

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(8, 4, 8, 8);
    buttons->addWidget(m_getCodeButton);
    buttons->addStretch(1);
    buttons->addWidget(m_resetButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);

    connect(m_modelPanel, &ModelPanel::modelChanged, this, [this](const QString &modelId) {
        if (const std::optional<ModelInfo> info = m_modelPanel->currentInfo())
            m_generationPanel->setModelInfo(*info);
        Q_EMIT modelChanged(modelId);
        Q_EMIT settingsChanged();
    });
    connect(m_systemPanel, &SystemInstructionPanel::changed, this, &RunSettingsPanel::settingsChanged);
    connect(m_generationPanel, &GenerationPanel::changed, this, &RunSettingsPanel::settingsChanged);
    connect(m_safetyPanel, &SafetyPanel::changed, this, &RunSettingsPanel::settingsChanged);
    // The list arriving tells the limits and defaults of the model in use.
    connect(models, &QAbstractItemModel::modelReset, this, [this] {
        if (const std::optional<ModelInfo> info = m_modelPanel->currentInfo())
            m_generationPanel->setModelInfo(*info);
    });
    if (const std::optional<ModelInfo> info = m_modelPanel->currentInfo())
        m_generationPanel->setModelInfo(*info);
}

QToolButton *RunSettingsPanel::addSection(
    const QString &title, const QString &objectName, QWidget *content, bool expanded)
{
    auto *header = new QToolButton;
    header->setObjectName(objectName);
    header->setText(title);
    header->setCheckable(true);
    header->setChecked(expanded);
    header->setAutoRaise(true);
    header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QFont font = header->font();
    font.setBold(true);
    header->setFont(font);
    content->setVisible(expanded);
    content->setContentsMargins(4, 0, 0, 8);
    connect(header, &QToolButton::toggled, content, [header, content](bool on) {
        header->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        content->setVisible(on);
    });
    m_sections->layout()->addWidget(header);
    m_sections->layout()->addWidget(content);
    return header;
}

void RunSettingsPanel::expand(QToolButton *header)
{
    header->setChecked(true);
}

QString RunSettingsPanel::model() const
{
    return m_modelPanel->currentModel();
}

GenerateContentRequest RunSettingsPanel::requestTemplate() const
{
    GenerateContentRequest base;
    base.systemInstruction = m_systemPanel->systemInstruction();
    base.generationConfig = m_generationPanel->config();
    base.safetySettings = m_safetyPanel->settings();
    base.tools = m_generationPanel->tools();
    return base;
}

void RunSettingsPanel::setSettings(const QString &model, const GenerateContentRequest &base)
{
    m_modelPanel->setCurrentModel(model);
    if (const std::optional<ModelInfo> info = m_modelPanel->currentInfo())
        m_generationPanel->setModelInfo(*info);
    QString instruction;
    if (base.systemInstruction) {
        QStringList texts;
        for (const Part &part : base.systemInstruction->parts)
            texts.append(part.text);
        instruction = texts.join(u"\n\n"_s);
    }
    m_systemPanel->setInstruction(instruction);
    m_generationPanel->setSettings(base.generationConfig, base.tools);
    m_safetyPanel->setSettings(base.safetySettings);
}

void RunSettingsPanel::resetAll()
{
    m_systemPanel->setInstruction({});
    m_generationPanel->resetAll();
    m_safetyPanel->resetAll();
    clearRequestErrors();
}

QString RunSettingsPanel::problem() const
{
    return m_generationPanel->problem();
}

bool RunSettingsPanel::showRequestError(const ApiError &error)
{
    const QString key = RequestField::of(error);
    if (key.isEmpty())
        return false;
    const QString message = RequestField::messageFor(error);
    if (key == "safetySettings"_L1) {
        expand(m_safetyHeader);
        m_safetyPanel->showError(message);
        m_scroll->ensureWidgetVisible(m_safetyPanel->errorLabel());
        return true;
    }
    if (key == "systemInstruction"_L1) {
        expand(m_systemHeader);
        m_systemPanel->showError(message);
        m_scroll->ensureWidgetVisible(m_systemPanel->errorLabel());
        return true;
    }
    expand(m_generationHeader);
    if (!m_generationPanel->showFieldError(key, message))
        return false;
    if (QLabel *label = m_generationPanel->fieldErrorLabel(key))
        m_scroll->ensureWidgetVisible(label);
    return true;
}

void RunSettingsPanel::clearRequestErrors()
{
    m_systemPanel->clearError();
    m_generationPanel->clearFieldErrors();
    m_safetyPanel->clearError();
}

void RunSettingsPanel::focusSystemInstruction()
{
    expand(m_systemHeader);
    if (QWidget *editor = m_systemPanel->findChild<QWidget *>(u"systemInstructionEdit"_s))
        editor->setFocus(Qt::OtherFocusReason);
}
