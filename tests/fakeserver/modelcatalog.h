#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The models the fake server knows (gemini-api.md §2): lookup by id and `models.list` paging.
class ModelCatalog final
{
public:
    ModelCatalog();

    static QList<QJsonObject> defaultModels();

    void setModels(const QList<QJsonObject> &models) { m_models = models; }
    QList<QJsonObject> models() const { return m_models; }

    // `id` with or without the "models/" prefix.
    std::optional<QJsonObject> find(const QString &id) const;
    static bool supports(const QJsonObject &model, const QString &method);

    struct Page
    {
        bool ok = false; // false: the page token was not one this catalog minted
        QList<QJsonObject> models;
        QString nextPageToken; // empty on the last page
    };
    // pageSize <= 0 means the default (50); values above 1000 are capped at 1000.
    Page page(int pageSize, const QString &pageToken) const;

    // Opaque token like the real one: base64 of a tiny protobuf holding the last model name.
    static QString pageTokenFor(const QString &lastModelName);
    static std::optional<QString> modelNameFromPageToken(const QString &token);

private:
    QList<QJsonObject> m_models;
};
