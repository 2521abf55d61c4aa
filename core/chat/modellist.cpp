#include "modellist.h"

#include "geminiclient.h"

using namespace Qt::StringLiterals;

namespace {
QString bareId(const QString &modelIdOrName)
{
    const QString trimmed = modelIdOrName.trimmed();
    return trimmed.startsWith("models/"_L1) ? trimmed.mid(7) : trimmed;
}
} // namespace

ModelList::ModelList(GeminiClient *client, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(client)
{ }

ModelList::~ModelList()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
    }
}

int ModelList::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_models.size());
}

QVariant ModelList::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ModelInfo &model = m_models.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return model.displayName.isEmpty() ? model.id() : model.displayName;
    case Qt::ToolTipRole:
        return model.description.isEmpty() ? model.id() : model.id() + u"\n\n"_s + model.description;
    case IdRole:
        return model.id();
    case InfoRole:
        return QVariant::fromValue(model);
    case DescriptionRole:
        return model.description;
    case InputTokenLimitRole:
        return model.inputTokenLimit;
    case OutputTokenLimitRole:
        return model.outputTokenLimit;
    case ThinkingRole:
        return model.thinking;
    default:
        return {};
    }
}

QHash<int, QByteArray> ModelList::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(InfoRole, "info");
    names.insert(DescriptionRole, "description");
    names.insert(InputTokenLimitRole, "inputTokenLimit");
    names.insert(OutputTokenLimitRole, "outputTokenLimit");
    names.insert(ThinkingRole, "thinking");
    return names;
}

void ModelList::reload()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
    }
    const bool wasLoading = isLoading();
    m_call = m_client->listModels(this, [this](const QList<ModelInfo> &models, const ApiError &error) {
        m_call = nullptr;
        Q_EMIT loadingChanged(false);
        if (error.kind == ApiError::Kind::Cancelled)
            return;
        if (error.isError()) {
            m_lastError = error;
            m_loaded = false;
            Q_EMIT loadFailed(error);
            return;
        }
        m_lastError = {};
        setModels(models);
        Q_EMIT loaded();
    });
    if (!wasLoading && m_call)
        Q_EMIT loadingChanged(true);
}

void ModelList::setModels(const QList<ModelInfo> &models)
{
    QList<ModelInfo> usable;
    QSet<QString> seen;
    for (const ModelInfo &model : models) {
        // A hostile or broken list may repeat a model or send one without a name: neither can be picked.
        if (!model.supportsGenerateContent() || model.id().isEmpty() || seen.contains(model.id()))
            continue;
        seen.insert(model.id());
        usable.append(model);
    }
    beginResetModel();
    m_models = usable;
    m_loaded = true;
    endResetModel();
}

void ModelList::setPlaceholder(const QString &modelId)
{
    ModelInfo model;
    model.name = modelResourceName(bareId(modelId));
    beginResetModel();
    m_models = {model};
    m_loaded = false;
    endResetModel();
}

int ModelList::rowOf(const QString &modelIdOrName) const
{
    const QString id = bareId(modelIdOrName);
    for (qsizetype i = 0; i < m_models.size(); ++i) {
        if (m_models.at(i).id() == id)
            return static_cast<int>(i);
    }
    return -1;
}

std::optional<ModelInfo> ModelList::find(const QString &modelIdOrName) const
{
    const int row = rowOf(modelIdOrName);
    if (row < 0)
        return std::nullopt;
    return m_models.at(row);
}

ModelList::Choice ModelList::choose(const QString &remembered, const QStringList &preferred) const
{
    const QString id = bareId(remembered);
    if (!id.isEmpty() && (rowOf(id) >= 0 || !m_loaded))
        return {id, false};
    const bool fellBack = !id.isEmpty();
    for (const QString &candidate : preferred) {
        if (rowOf(candidate) >= 0)
            return {bareId(candidate), fellBack};
    }
    if (!m_models.isEmpty())
        return {m_models.constFirst().id(), fellBack};
    return {id.isEmpty() && !preferred.isEmpty() ? bareId(preferred.constFirst()) : id, false};
}
