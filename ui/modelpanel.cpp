#include "modelpanel.h"

#include "chat/modellist.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QLabel *smallLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    return label;
}
} // namespace

ModelPanel::ModelPanel(ModelList *models, QWidget *parent)
    : QWidget(parent)
    , m_models(models)
{
    m_combo = new QComboBox;
    m_combo->setObjectName(u"modelComboBox"_s);
    m_combo->setModel(m_models);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(16);
    m_combo->setToolTip(tr("The model that answers the next message"));

    m_reloadButton = new QToolButton;
    m_reloadButton->setObjectName(u"modelReloadButton"_s);
    m_reloadButton->setIcon(QIcon::fromTheme(u"view-refresh"_s));
    m_reloadButton->setText(tr("Reload"));
    m_reloadButton->setToolTip(tr("Load the list of models again"));
    m_reloadButton->setAutoRaise(true);
    connect(m_reloadButton, &QToolButton::clicked, m_models, &ModelList::reload);

    auto *pickRow = new QHBoxLayout;
    pickRow->setContentsMargins(0, 0, 0, 0);
    pickRow->addWidget(m_combo, 1);
    pickRow->addWidget(m_reloadButton);

    m_idLabel = smallLabel(u"modelIdLabel"_s);
    m_idLabel->setForegroundRole(QPalette::PlaceholderText);
    m_descriptionLabel = smallLabel(u"modelDescription"_s);
    m_limitsLabel = smallLabel(u"modelLimits"_s);
    m_noteLabel = smallLabel(u"modelNote"_s);
    m_noteLabel->setStyleSheet(u"QLabel { background: palette(alternate-base); padding: 4px; }"_s);
    m_noteLabel->hide();
    m_errorLabel = smallLabel(u"modelListError"_s);
    m_errorLabel->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(pickRow);
    layout->addWidget(m_idLabel);
    layout->addWidget(m_descriptionLabel);
    layout->addWidget(m_limitsLabel);
    layout->addWidget(m_noteLabel);
    layout->addWidget(m_errorLabel);

    connect(m_combo, &QComboBox::currentIndexChanged, this, &ModelPanel::onActivated);
    // The combo box moves its current index while the list resets: that is not the user's pick.
    connect(m_models, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_resetting = true; });
    connect(m_models, &QAbstractItemModel::modelReset, this, &ModelPanel::onListReset);
    connect(m_models, &ModelList::loadingChanged, this, [this](bool loading) {
        m_reloadButton->setEnabled(!loading);
        if (loading)
            m_errorLabel->hide();
    });
    connect(m_models, &ModelList::loadFailed, this, [this](const ApiError &error) {
        m_errorLabel->setText(tr("The list of models could not be loaded: %1").arg(error.userMessage()));
        m_errorLabel->show();
    });

    m_current = m_models->choose({}).id;
    onListReset();
}

std::optional<ModelInfo> ModelPanel::currentInfo() const
{
    std::optional<ModelInfo> info = m_models->find(m_current);
    // A placeholder knows only the name: nothing to tell of it.
    if (info && info->supportedGenerationMethods.isEmpty())
        return std::nullopt;
    return info;
}

void ModelPanel::setCurrentModel(const QString &modelId)
{
    const QString id = modelId.trimmed();
    if (id.isEmpty())
        return;
    const ModelList::Choice choice = m_models->choose(id);
    m_current = choice.id;
    showNote(
        choice.fellBack ? tr("“%1” is not offered; %2 is used instead.").arg(id, displayName(m_current)) : QString());
    if (!m_models->isLoaded() && m_models->rowOf(m_current) < 0)
        m_models->setPlaceholder(m_current);
    else
        onListReset();
}

QString ModelPanel::note() const
{
    return m_noteLabel->isHidden() ? QString() : m_noteLabel->text();
}

void ModelPanel::onListReset()
{
    m_resetting = false;
    if (m_models->isLoaded()) {
        m_errorLabel->hide();
        const ModelList::Choice choice = m_models->choose(m_current);
        if (choice.id != m_current) {
            const QString gone = m_current;
            m_current = choice.id;
            showNote(tr("“%1” is no longer offered; %2 is used instead.").arg(gone, displayName(m_current)));
            selectCurrent();
            updateDetails();
            Q_EMIT modelChanged(m_current);
            return;
        }
    }
    selectCurrent();
    updateDetails();
}

QString ModelPanel::displayName(const QString &modelId) const
{
    const std::optional<ModelInfo> info = m_models->find(modelId);
    return info && !info->displayName.isEmpty() ? info->displayName : modelId;
}

void ModelPanel::selectCurrent()
{
    const QSignalBlocker blocker(m_combo);
    m_combo->setCurrentIndex(m_models->rowOf(m_current));
}

void ModelPanel::onActivated(int row)
{
    const QString id = m_models->index(row).data(ModelList::IdRole).toString();
    if (m_resetting || id.isEmpty() || id == m_current)
        return;
    m_current = id;
    showNote({});
    updateDetails();
    Q_EMIT modelChanged(m_current);
}

void ModelPanel::updateDetails()
{
    const std::optional<ModelInfo> info = currentInfo();
    m_idLabel->setText(m_current);
    m_descriptionLabel->setVisible(info && !info->description.isEmpty());
    m_descriptionLabel->setText(info ? info->description : QString());
    if (!info) {
        m_limitsLabel->hide();
        return;
    }
    const QLocale locale;
    QStringList facts;
    if (info->inputTokenLimit > 0)
        facts.append(tr("Input: %1 tokens").arg(locale.toString(info->inputTokenLimit)));
    if (info->outputTokenLimit > 0)
        facts.append(tr("Output: %1 tokens").arg(locale.toString(info->outputTokenLimit)));
    facts.append(info->thinking ? tr("Thinks before answering") : tr("Does not think"));
    m_limitsLabel->setText(facts.join(u'\n'));
    m_limitsLabel->show();
}

void ModelPanel::showNote(const QString &text)
{
    m_noteLabel->setText(text);
    m_noteLabel->setVisible(!text.isEmpty());
}
