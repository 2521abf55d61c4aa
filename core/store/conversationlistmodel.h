#pragma once

#include "storetypes.h"

#include <QAbstractListModel>
#include <QPointer>

class ConversationStore;

// The sidebar's rows: the store's conversations, pinned first, then the most recently updated.
// Reloads when the store says conversationsChanged(), with the smallest change it can describe:
// removed rows are removed, new rows inserted, a changed order is a layout change that carries the
// persistent indexes (a view's selection and current row stay on the same conversation through a
// rename, a pin or a new turn), and changed rows get dataChanged.
//
// Editable: setData(EditRole) renames (TitleSource::User) after trimming; an empty name is refused
// and a long one cut to MaxTitleLength.
class ConversationListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationListModel)

public:
    static constexpr int MaxTitleLength = 200;

    enum Role {
        IdRole = Qt::UserRole + 1, // qlonglong
        TitleRole,                 // QString (also DisplayRole)
        UpdatedRole,               // QDateTime
        PinnedRole,                // bool
        ModelRole,                 // QString
        TitleSourceRole,           // int (TitleSource)
        CreatedRole,               // QDateTime
    };
    Q_ENUM(Role)

    explicit ConversationListModel(ConversationStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    int rowOf(qint64 conversationId) const; // -1 when absent
    qint64 idAt(int row) const;             // 0 when out of range
    const ConversationSummary &summaryAt(int row) const { return m_rows.at(row); }

    void reload();

    // The title a rename would store: trimmed, line breaks made spaces, at most MaxTitleLength
    // characters; empty when the name is refused.
    static QString cleanTitle(const QString &title);

private:
    QPointer<ConversationStore> m_store;
    QList<ConversationSummary> m_rows;
};
