#include "conversationlistmodel.h"

#include "conversationstore.h"

#include <QHash>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

bool sameContent(const ConversationSummary &a, const ConversationSummary &b)
{
    return a.id == b.id && a.title == b.title && a.titleSource == b.titleSource && a.created == b.created
        && a.updated == b.updated && a.pinned == b.pinned && a.model == b.model;
}

} // namespace

ConversationListModel::ConversationListModel(ConversationStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    if (store) {
        connect(store, &ConversationStore::conversationsChanged, this, &ConversationListModel::reload);
        m_rows = store->conversations();
    }
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationSummary &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case Qt::ToolTipRole:
    case TitleRole:
        return row.title;
    case IdRole:
        return QVariant::fromValue<qlonglong>(row.id);
    case UpdatedRole:
        return row.updated;
    case PinnedRole:
        return row.pinned;
    case ModelRole:
        return row.model;
    case TitleSourceRole:
        return int(row.titleSource);
    case CreatedRole:
        return row.created;
    default:
        return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole && role != TitleRole)
        return false;
    if (!m_store || !index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString title = cleanTitle(value.toString());
    if (title.isEmpty())
        return false;
    const ConversationSummary &row = m_rows.at(index.row());
    if (title == row.title && row.titleSource == TitleSource::User)
        return true;
    // The store's conversationsChanged() reloads the rows (and emits dataChanged).
    return m_store->setTitle(row.id, title, TitleSource::User);
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(TitleRole, "title");
    names.insert(UpdatedRole, "updated");
    names.insert(PinnedRole, "pinned");
    names.insert(ModelRole, "model");
    names.insert(TitleSourceRole, "titleSource");
    names.insert(CreatedRole, "created");
    return names;
}

int ConversationListModel::rowOf(qint64 conversationId) const
{
    if (conversationId == 0)
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == conversationId)
            return row;
    }
    return -1;
}

qint64 ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : 0;
}

QString ConversationListModel::cleanTitle(const QString &title)
{
    QString clean = title;
    for (QChar &c : clean) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = u' ';
    }
    clean = clean.simplified();
    if (clean.size() > MaxTitleLength) {
        clean.truncate(MaxTitleLength);
        // Never leave half of a surrogate pair at the cut.
        if (clean.back().isHighSurrogate())
            clean.chop(1);
        clean = clean.trimmed();
    }
    return clean;
}

void ConversationListModel::reload()
{
    const QList<ConversationSummary> fresh = m_store ? m_store->conversations() : QList<ConversationSummary>();

    QHash<qint64, int> freshRow;
    freshRow.reserve(fresh.size());
    for (int i = 0; i < fresh.size(); ++i)
        freshRow.insert(fresh.at(i).id, i);

    // 1. Rows that are gone, in contiguous runs from the end.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (freshRow.contains(m_rows.at(row).id))
            continue;
        const int last = row;
        while (row > 0 && !freshRow.contains(m_rows.at(row - 1).id))
            --row;
        beginRemoveRows({}, row, last);
        m_rows.remove(row, last - row + 1);
        endRemoveRows();
    }

    // 2. The survivors in their new order: a layout change that moves the persistent indexes along.
    const bool ordered = std::is_sorted(m_rows.cbegin(), m_rows.cend(),
        [&](const ConversationSummary &a, const ConversationSummary &b) { return freshRow[a.id] < freshRow[b.id]; });
    if (!ordered) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        QList<ConversationSummary> sorted = m_rows;
        std::sort(sorted.begin(), sorted.end(), [&](const ConversationSummary &a, const ConversationSummary &b) {
            return freshRow[a.id] < freshRow[b.id];
        });
        QHash<qint64, int> sortedRow;
        sortedRow.reserve(sorted.size());
        for (int i = 0; i < sorted.size(); ++i)
            sortedRow.insert(sorted.at(i).id, i);
        const QModelIndexList persistent = persistentIndexList();
        QModelIndexList to;
        to.reserve(persistent.size());
        for (const QModelIndex &from : persistent)
            to.append(index(sortedRow.value(m_rows.at(from.row()).id), from.column()));
        m_rows = std::move(sorted);
        changePersistentIndexList(persistent, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    // 3. New rows, each contiguous run inserted where it belongs (the survivors are now in order).
    int row = 0;
    for (int i = 0; i < fresh.size();) {
        if (row < m_rows.size() && m_rows.at(row).id == fresh.at(i).id) {
            ++row;
            ++i;
            continue;
        }
        const int first = i;
        while (i < fresh.size() && !(row < m_rows.size() && m_rows.at(row).id == fresh.at(i).id))
            ++i;
        const int count = i - first;
        beginInsertRows({}, row, row + count - 1);
        m_rows.insert(row, count, ConversationSummary());
        for (int k = 0; k < count; ++k)
            m_rows[row + k] = fresh.at(first + k);
        endInsertRows();
        row += count;
    }
    Q_ASSERT(m_rows.size() == fresh.size());

    // 4. What changed in the rows that stayed.
    int firstChanged = -1;
    int lastChanged = -1;
    for (int i = 0; i < fresh.size(); ++i) {
        if (sameContent(m_rows.at(i), fresh.at(i)))
            continue;
        m_rows[i] = fresh.at(i);
        if (firstChanged < 0)
            firstChanged = i;
        lastChanged = i;
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged), index(lastChanged));
}
