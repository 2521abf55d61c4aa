#pragma once

#include <QCache>
#include <QHash>
#include <QImage>
#include <QSet>
#include <QStyledItemDelegate>

#include <functional>

class MessageDocument;
class QTextDocument;
struct ChatTurn;

// Paints the turns of a ChatModel, one row each, in a column at most MaxContentWidth wide: the label
// ("You" or the model), the user's text in a tinted bubble with its attachments, or the model's
// thoughts (folded), answer, state and footer (usage, model version, and the buttons: Copy, Edit,
// Regenerate, Retry, Continue, ‹ n/N › between the alternatives of a turn and between candidates). Code blocks get a
// copy button each. The text of a row lives in a MessageDocument from a bounded cache (rows on screen only); heights
// are cached per turn revision and width, and estimated for rows never painted. Clicks are handled
// in editorEvent(); the actions the session carries out are signals.
// Text selection: the view opens createEditor()'s read-only browser over the text area.
class MessageDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageDelegate)

public:
    enum class Button {
        Copy,
        Edit,
        Regenerate,
        Retry,
        Continue,
        PreviousCandidate,
        NextCandidate,
        ToggleThoughts,
        PreviousBranch, // ‹ n/N › between the alternatives of a turn (an edited question, a regenerated answer)
        NextBranch,
    };
    Q_ENUM(Button)

    static constexpr int MaxContentWidth = 860;
    static constexpr int DefaultCacheSize = 64;

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    void updateEditorGeometry(
        QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Where a button is in a row (view coordinates); a null rect when the row does not show it.
    QRect buttonRect(const QStyleOptionViewItem &option, const QModelIndex &index, Button button) const;
    // The copy buttons of the row's code blocks, in order.
    QList<QRect> codeCopyButtonRects(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The text area (the document) of a row.
    QRect textRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // Whether a click at `pos` does something (a button, a link, the thoughts line).
    bool isClickable(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;

    // The row's document, built or brought up to date (owned by the cache: valid until the next call).
    MessageDocument *document(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int cachedDocumentCount() const { return m_documents.size(); }
    int cacheLimit() const { return m_documents.maxCost(); }
    void setCacheLimit(int documents) { m_documents.setMaxCost(documents); }

    bool isThoughtsOpen(quint64 turnId) const { return m_openThoughts.contains(turnId); }
    void setThoughtsOpen(const QModelIndex &index, bool open);

    // The width of the view's rows; heights are cached per width (a change drops them).
    void setViewWidth(int width);
    // Drops documents and heights (palette or font changed, or the model was reset).
    void clearCaches();
    // A row changed: its height is measured again (now, if its document is cached) and
    // sizeHintChanged() follows when it differs.
    void rowChanged(const QStyleOptionViewItem &option, const QModelIndex &index);
    // The turn whose text an editor shows: not painted beneath it.
    void setEditingTurn(quint64 turnId) { m_editingTurn = turnId; }

    // Opens http(s) links with the opener (QDesktopServices by default); everything else is ignored.
    static bool openLink(const QUrl &url);
    using LinkOpener = std::function<bool(const QUrl &)>;
    static void setLinkOpener(LinkOpener opener); // an empty opener restores the default

Q_SIGNALS:
    void regenerateRequested();
    void retryRequested();
    void continueRequested();
    void editRequested(int row);
    // Show the alternative of the turn at `row` that is `offset` (-1 or +1) away.
    void branchRequested(int row, int offset);
    void copied(const QString &what);

private:
    struct Layout;
    struct Height
    {
        int revision = -1;
        int width = -1;
        bool thoughtsOpen = false;
        bool precise = false;
        int height = 0;
    };
    struct Chip
    {
        QImage thumbnail;
        QString name;
        QString size;
    };

    Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index, bool precise) const;
    int rowWidth(const QStyleOptionViewItem &option) const;
    QList<Button> buttonsFor(const QModelIndex &index) const;
    QString buttonText(Button button, const QModelIndex &index) const;
    const QList<Chip> &chipsFor(const QModelIndex &index) const;
    int estimateTextHeight(const QString &text, int width, const QFont &font) const;
    void rememberHeight(const QModelIndex &index, int width, int height, bool precise) const;
    void copyToClipboard(const QString &text, const QString &what);

    mutable QCache<quint64, MessageDocument> m_documents {DefaultCacheSize};
    mutable QHash<quint64, Height> m_heights;
    mutable QCache<quint64, QList<Chip>> m_chips {DefaultCacheSize};
    QSet<quint64> m_openThoughts;
    quint64 m_editingTurn = 0;
    int m_viewWidth = -1;
};
