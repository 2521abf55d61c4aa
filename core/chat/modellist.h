#pragma once

#include "api/apierror.h"
#include "api/modelinfo.h"
#include "apicall.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QSet>

#include <optional>

class GeminiClient;

// The models a chat can use: models.list (every page), keeping only those that support
// generateContent, in the server's order. Display is the model's display name (its id when it has
// none); the other roles carry the id, the whole ModelInfo and its limits. Until the list arrives
// (or when it cannot be loaded) the model holds the one model it was told to keep, so a picker is
// never empty.
class ModelList final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelList)

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // "gemini-2.5-flash"
        InfoRole,                  // ModelInfo
        DescriptionRole,
        InputTokenLimitRole,
        OutputTokenLimitRole,
        ThinkingRole,
    };
    Q_ENUM(Role)

    // The client must outlive the list.
    explicit ModelList(GeminiClient *client, QObject *parent = nullptr);
    ~ModelList() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Asks the server for the list; loaded() or loadFailed() follows. A reload in flight is replaced.
    void reload();
    bool isLoading() const { return m_call; }
    // Whether a list from the server is shown (false before the first load and after a failed one).
    bool isLoaded() const { return m_loaded; }
    ApiError lastError() const { return m_lastError; }

    // Shows these models (those that support generateContent), as if the server had sent them.
    void setModels(const QList<ModelInfo> &models);
    // Before any list: shows this one model (only its id is known).
    void setPlaceholder(const QString &modelId);

    const QList<ModelInfo> &models() const { return m_models; }
    int rowOf(const QString &modelIdOrName) const; // -1 when not listed
    std::optional<ModelInfo> find(const QString &modelIdOrName) const;

    // What to use when the user last chose `remembered`: that model when it is listed, else the
    // first of the preferred ids that is listed, else the first model. fellBack says the remembered
    // one is gone (a loaded list without it); then the picker says so.
    struct Choice
    {
        QString id;
        bool fellBack = false;
    };
    Choice choose(const QString &remembered, const QStringList &preferred = {QStringLiteral("gemini-2.5-flash")}) const;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void loaded();
    void loadFailed(const ApiError &error);

private:
    GeminiClient *m_client;
    QPointer<ApiCall> m_call;
    QList<ModelInfo> m_models;
    ApiError m_lastError;
    bool m_loaded = false;
};
