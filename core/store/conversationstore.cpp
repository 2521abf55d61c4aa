#include "conversationstore.h"

#include "api/jsonutil.h"
#include "blobcache.h"
#include "database.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "alhena.store")

namespace {

// Rolls back unless committed: nothing is ever half written.
class Transaction final
{
    Q_DISABLE_COPY_MOVE(Transaction)

public:
    explicit Transaction(QSqlDatabase db)
        : m_db(std::move(db))
    {
        m_active = m_db.transaction();
    }
    ~Transaction()
    {
        if (m_active && !m_done)
            m_db.rollback();
    }
    bool isActive() const { return m_active; }
    bool commit()
    {
        m_done = m_db.commit();
        return m_done;
    }

private:
    QSqlDatabase m_db;
    bool m_active = false;
    bool m_done = false;
};

QString errorText(const QSqlError &error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 toMs(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : nowMs();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// The search marks never reach the database, so a snippet's marks are always the index's own.
QString stripMarks(QString text)
{
    text.remove(SearchHit::MarkStart);
    text.remove(SearchHit::MarkEnd);
    return text;
}

// A null QString binds as SQL NULL: the NOT NULL text columns get an empty string instead.
QVariant textValue(const QString &text)
{
    return text.isNull() ? QVariant(QString(u""_s)) : QVariant(text);
}

QString toJsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString toJsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QJsonDocument parseJson(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QJsonDocument::fromJson(value.toString().toUtf8());
}

QString roleName(ChatTurn::Role role)
{
    return role == ChatTurn::Role::Model ? u"model"_s : u"user"_s;
}

ChatTurn::Role roleFromName(const QString &name)
{
    return name == "model"_L1 ? ChatTurn::Role::Model : ChatTurn::Role::User;
}

// Names, not numbers: the enum may grow in any order without changing what is stored.
constexpr std::pair<ChatTurn::State, QLatin1StringView> StateNames[] = {
    {ChatTurn::State::Done, "done"_L1},
    {ChatTurn::State::Waiting, "waiting"_L1},
    {ChatTurn::State::Streaming, "streaming"_L1},
    {ChatTurn::State::Stopped, "stopped"_L1},
    {ChatTurn::State::Failed, "failed"_L1},
    {ChatTurn::State::Blocked, "blocked"_L1},
    {ChatTurn::State::Truncated, "truncated"_L1},
    {ChatTurn::State::Filtered, "filtered"_L1},
    {ChatTurn::State::Interrupted, "interrupted"_L1},
};

QString stateName(ChatTurn::State state)
{
    for (const auto &[value, name] : StateNames) {
        if (value == state)
            return name;
    }
    return u"done"_s;
}

ChatTurn::State stateFromName(const QString &name)
{
    for (const auto &[value, stateName] : StateNames) {
        if (name == stateName)
            return value;
    }
    return ChatTurn::State::Done;
}

QJsonObject errorToJson(const ApiError &error)
{
    QJsonObject o;
    o.insert("kind"_L1, error.kindName());
    if (error.httpStatus != 0)
        o.insert("httpStatus"_L1, error.httpStatus);
    JsonUtil::putString(o, "status"_L1, error.status);
    JsonUtil::putString(o, "message"_L1, error.message);
    JsonUtil::putString(o, "reason"_L1, error.reason);
    if (!error.details.isEmpty())
        o.insert("details"_L1, error.details);
    JsonUtil::putStringList(o, "fieldViolations"_L1, error.fieldViolations);
    if (error.retryDelayMs)
        o.insert("retryDelayMs"_L1, double(*error.retryDelayMs));
    JsonUtil::putString(o, "blockReason"_L1, error.blockReason);
    JsonUtil::putStringList(o, "blockedCategories"_L1, error.blockedCategories);
    if (error.afterStreamStarted)
        o.insert("afterStreamStarted"_L1, true);
    JsonUtil::putString(o, "userText"_L1, error.userText);
    return o;
}

ApiError errorFromJson(const QJsonObject &o)
{
    ApiError error;
    const QString kind = o.value("kind"_L1).toString();
    for (int k = 0; k <= int(ApiError::Kind::LocalFile); ++k) {
        ApiError probe;
        probe.kind = ApiError::Kind(k);
        if (probe.kindName() == kind) {
            error.kind = probe.kind;
            break;
        }
    }
    error.httpStatus = o.value("httpStatus"_L1).toInt();
    error.status = o.value("status"_L1).toString();
    error.message = o.value("message"_L1).toString();
    error.reason = o.value("reason"_L1).toString();
    error.details = o.value("details"_L1).toArray();
    error.fieldViolations = JsonUtil::stringList(o, "fieldViolations"_L1);
    if (o.contains("retryDelayMs"_L1))
        error.retryDelayMs = qint64(o.value("retryDelayMs"_L1).toDouble());
    error.blockReason = o.value("blockReason"_L1).toString();
    error.blockedCategories = JsonUtil::stringList(o, "blockedCategories"_L1);
    error.afterStreamStarted = o.value("afterStreamStarted"_L1).toBool();
    error.userText = o.value("userText"_L1).toString();
    return error;
}

// Everything of a turn but its role, state, time and shown text (those have columns).
QJsonObject turnData(const ChatTurn &turn)
{
    QJsonObject o;
    if (!turn.attachments.isEmpty()) {
        QJsonArray attachments;
        for (qsizetype i = 0; i < turn.attachments.size(); ++i) {
            const Attachment &a = turn.attachments.at(i);
            QJsonObject j;
            JsonUtil::putString(j, "displayName"_L1, a.displayName);
            JsonUtil::putString(j, "mimeType"_L1, a.mimeType);
            JsonUtil::putString(j, "path"_L1, a.path);
            const bool hashed = i < turn.attachmentHashes.size() && !turn.attachmentHashes.at(i).isEmpty();
            if (!hashed && !a.bytes.isEmpty())
                j.insert("bytes"_L1, QString::fromLatin1(a.bytes.toBase64()));
            attachments.append(j);
        }
        o.insert("attachments"_L1, attachments);
    }
    if (!turn.attachmentHashes.isEmpty())
        o.insert("attachmentHashes"_L1, QJsonArray::fromStringList(turn.attachmentHashes));
    if (!turn.attachmentParts.isEmpty()) {
        QJsonArray parts;
        for (const Part &part : turn.attachmentParts)
            parts.append(part.toJson());
        o.insert("attachmentParts"_L1, parts);
    }
    if (turn.partsPreparedAt.isValid())
        o.insert("partsPreparedAt"_L1, double(turn.partsPreparedAt.toMSecsSinceEpoch()));
    JsonUtil::putString(o, "model"_L1, turn.model);
    if (!turn.candidates.isEmpty()) {
        QJsonArray candidates;
        for (const Candidate &candidate : turn.candidates)
            candidates.append(candidate.toJson());
        o.insert("candidates"_L1, candidates);
    }
    if (turn.chosenCandidate != 0)
        o.insert("chosenCandidate"_L1, turn.chosenCandidate);
    if (turn.promptFeedback)
        o.insert("promptFeedback"_L1, turn.promptFeedback->toJson());
    if (turn.usage)
        o.insert("usage"_L1, turn.usage->toJson());
    JsonUtil::putString(o, "modelVersion"_L1, turn.modelVersion);
    if (turn.error.isError())
        o.insert("error"_L1, errorToJson(turn.error));
    JsonUtil::putString(o, "note"_L1, turn.note);
    return o;
}

void applyTurnData(ChatTurn &turn, const QJsonObject &o)
{
    const QJsonArray attachments = o.value("attachments"_L1).toArray();
    for (const QJsonValue &value : attachments) {
        const QJsonObject j = value.toObject();
        Attachment a;
        a.displayName = j.value("displayName"_L1).toString();
        a.mimeType = j.value("mimeType"_L1).toString();
        a.path = j.value("path"_L1).toString();
        a.bytes = QByteArray::fromBase64(j.value("bytes"_L1).toString().toLatin1());
        turn.attachments.append(a);
    }
    turn.attachmentHashes = JsonUtil::stringList(o, "attachmentHashes"_L1);
    const QJsonArray parts = o.value("attachmentParts"_L1).toArray();
    for (const QJsonValue &value : parts)
        turn.attachmentParts.append(Part::fromJson(value.toObject()));
    if (o.contains("partsPreparedAt"_L1))
        turn.partsPreparedAt = fromMs(qint64(o.value("partsPreparedAt"_L1).toDouble()));
    turn.model = o.value("model"_L1).toString();
    const QJsonArray candidates = o.value("candidates"_L1).toArray();
    for (const QJsonValue &value : candidates)
        turn.candidates.append(Candidate::fromJson(value.toObject()));
    turn.chosenCandidate = o.value("chosenCandidate"_L1).toInt();
    if (o.contains("promptFeedback"_L1))
        turn.promptFeedback = PromptFeedback::fromJson(o.value("promptFeedback"_L1).toObject());
    if (o.contains("usage"_L1))
        turn.usage = UsageMetadata::fromJson(o.value("usage"_L1).toObject());
    turn.modelVersion = o.value("modelVersion"_L1).toString();
    if (o.contains("error"_L1))
        turn.error = errorFromJson(o.value("error"_L1).toObject());
    turn.note = o.value("note"_L1).toString();
}

// What the search index sees of a turn.
QString shownText(const ChatTurn &turn)
{
    return stripMarks(turn.markdown());
}

// The columns turnFromRow() reads, in order.
constexpr auto TurnColumns = "t.id, t.role, t.state, t.created, t.text, t.data"_L1;

ChatTurn turnFromRow(const QSqlQuery &query)
{
    ChatTurn turn;
    turn.storeId = query.value(0).toLongLong();
    turn.role = roleFromName(query.value(1).toString());
    turn.state = stateFromName(query.value(2).toString());
    turn.created = fromMs(query.value(3).toLongLong());
    if (turn.isUser())
        turn.text = query.value(4).toString();
    applyTurnData(turn, parseJson(query.value(5)).object());
    return turn;
}

// Every word a quoted phrase, so no query syntax of the user's (quotes, *, NEAR(, -, AND, column
// filters) ever reaches FTS5; a prefix ("prot" finds "protocol") from two characters on. A single
// letter as a prefix would merge the postings of a good part of the vocabulary on every keystroke.
QStringList matchTerms(const QString &text)
{
    static const QRegularExpression space(u"\\s+"_s);
    QStringList terms;
    const QStringList words = stripMarks(text).split(space, Qt::SkipEmptyParts);
    for (QString word : words) {
        // A word of punctuation only has no token: FTS5 would match it against nothing useful.
        const auto letters = std::count_if(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); });
        if (letters == 0)
            continue;
        word.truncate(200);
        // Control characters (a NUL ends the expression inside SQLite) are word breaks to FTS5 anyway.
        for (QChar &c : word) {
            if (c.category() == QChar::Other_Control)
                c = u' ';
        }
        word.replace(u'"', "\"\""_L1);
        terms.append(u'"' + word + (letters > 1 ? "\"*"_L1 : "\""_L1));
        if (terms.size() == 16)
            break;
    }
    return terms;
}

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ConversationStore)
};

} // namespace

ConversationStore::ConversationStore(Database *database, BlobCache *blobs, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_blobs(blobs)
{ }

ConversationStore::~ConversationStore() = default;

bool ConversationStore::fail(const QString &what, const QString &detail) const
{
    m_lastError = detail.isEmpty() ? what : Tr::tr("%1 (%2)").arg(what, detail);
    qCWarning(lcStore).noquote() << m_lastError;
    Q_EMIT const_cast<ConversationStore *>(this)->failed(m_lastError);
    return false;
}

QSqlDatabase ConversationStore::db() const
{
    return m_database ? m_database->connection() : QSqlDatabase();
}

QSqlQuery ConversationStore::prepare(const QString &sql) const
{
    QSqlQuery query(db());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        qCWarning(lcStore).noquote() << "cannot prepare" << sql << errorText(query.lastError());
    return query;
}

bool ConversationStore::exec(QSqlQuery &query, const QString &what) const
{
    if (query.exec())
        return true;
    return fail(what, errorText(query.lastError()));
}

// ---- Conversations

namespace {
constexpr auto SummaryColumns = "c.id, c.title, c.title_source, c.created, c.updated, c.pinned, c.model, "
                                "coalesce((SELECT l.depth FROM turns l WHERE l.id = c.leaf_id), 0)"_L1;
// The list leaves the turn count out (-1): a lookup per row, three quarters of the list's time with
// 10,000 conversations (bench_store), for a number the sidebar does not show.
constexpr auto ListColumns = "c.id, c.title, c.title_source, c.created, c.updated, c.pinned, c.model, -1"_L1;

ConversationSummary summaryFromRow(const QSqlQuery &query)
{
    ConversationSummary s;
    s.id = query.value(0).toLongLong();
    s.title = query.value(1).toString();
    s.titleSource = TitleSource(std::clamp(query.value(2).toInt(), 0, int(TitleSource::User)));
    s.created = fromMs(query.value(3).toLongLong());
    s.updated = fromMs(query.value(4).toLongLong());
    s.pinned = query.value(5).toBool();
    s.model = query.value(6).toString();
    s.turnCount = query.value(7).toInt();
    return s;
}
} // namespace

QList<ConversationSummary> ConversationStore::conversations() const
{
    QSqlQuery query = prepare(u"SELECT %1 FROM conversations c WHERE c.trashed = 0 "
                              "ORDER BY c.pinned DESC, c.updated DESC, c.id DESC"_s.arg(ListColumns));
    if (!exec(query, tr("The conversations cannot be read.")))
        return {};
    QList<ConversationSummary> list;
    while (query.next())
        list.append(summaryFromRow(query));
    return list;
}

bool ConversationStore::firstRowFor(QSqlQuery &query, qint64 id, const QString &what) const
{
    query.addBindValue(id);
    return exec(query, what) && query.next();
}

std::optional<ConversationSummary> ConversationStore::summary(qint64 conversationId) const
{
    QSqlQuery query = prepare(u"SELECT %1 FROM conversations c WHERE c.id = ?"_s.arg(SummaryColumns));
    if (!firstRowFor(query, conversationId, tr("The conversation cannot be read.")))
        return std::nullopt;
    return summaryFromRow(query);
}

int ConversationStore::conversationCount() const
{
    QSqlQuery query = prepare(u"SELECT count(*) FROM conversations WHERE trashed = 0"_s);
    if (!exec(query, tr("The conversations cannot be counted.")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

qint64 ConversationStore::insertConversation(const ConversationSummary &summary, const ConversationSettings &settings)
{
    QSqlQuery query = prepare(
        u"INSERT INTO conversations (title, title_source, created, updated, pinned, model, system_instruction, "
        "generation_config, safety_settings, tools, tool_config, cached_content) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(textValue(stripMarks(summary.title)));
    query.addBindValue(int(summary.titleSource));
    const qint64 created = toMs(summary.created);
    query.addBindValue(created);
    query.addBindValue(summary.updated.isValid() ? toMs(summary.updated) : created);
    query.addBindValue(summary.pinned ? 1 : 0);
    bindSettings(query, settings);
    if (!exec(query, tr("The conversation cannot be stored.")))
        return 0;
    return query.lastInsertId().toLongLong();
}

void ConversationStore::bindSettings(QSqlQuery &query, const ConversationSettings &settings)
{
    const GenerateContentRequest &r = settings.request;
    query.addBindValue(textValue(settings.model));
    query.addBindValue(r.systemInstruction ? QVariant(toJsonText(r.systemInstruction->toJson()))
                                           : QVariant(QMetaType::fromType<QString>()));
    query.addBindValue(toJsonText(r.generationConfig.toJson()));
    QJsonArray safety;
    for (const SafetySetting &setting : r.safetySettings)
        safety.append(setting.toJson());
    query.addBindValue(toJsonText(safety));
    query.addBindValue(toJsonText(r.tools.toJson()));
    query.addBindValue(r.toolConfig ? QVariant(toJsonText(*r.toolConfig)) : QVariant(QMetaType::fromType<QString>()));
    query.addBindValue(r.cachedContent);
}

qint64 ConversationStore::createConversation(
    const ConversationSettings &settings, const QString &title, TitleSource source)
{
    ConversationSummary s;
    s.title = title;
    s.titleSource = source;
    s.created = s.updated = QDateTime::currentDateTimeUtc();
    const qint64 id = insertConversation(s, settings);
    if (id != 0)
        Q_EMIT conversationsChanged();
    return id;
}

bool ConversationStore::updateConversation(
    qint64 conversationId, const QString &assignments, const QVariantList &values, const QString &what)
{
    QSqlQuery query = prepare(u"UPDATE conversations SET %1 WHERE id = ?"_s.arg(assignments));
    for (const QVariant &value : values)
        query.addBindValue(value);
    query.addBindValue(conversationId);
    if (!exec(query, what))
        return false;
    if (query.numRowsAffected() < 1)
        return fail(what, tr("there is no such conversation"));
    Q_EMIT conversationsChanged();
    return true;
}

bool ConversationStore::setTitle(qint64 conversationId, const QString &title, TitleSource source)
{
    return updateConversation(conversationId, u"title = ?, title_source = ?"_s,
        {textValue(stripMarks(title)), int(source)}, tr("The conversation cannot be renamed."));
}

bool ConversationStore::setPinned(qint64 conversationId, bool pinned)
{
    return updateConversation(
        conversationId, u"pinned = ?"_s, {pinned ? 1 : 0}, tr("The conversation cannot be pinned."));
}

bool ConversationStore::setSettings(qint64 conversationId, const ConversationSettings &settings)
{
    QSqlQuery query = prepare(u"UPDATE conversations SET model = ?, system_instruction = ?, generation_config = ?, "
                              "safety_settings = ?, tools = ?, tool_config = ?, cached_content = ? WHERE id = ?"_s);
    bindSettings(query, settings);
    query.addBindValue(conversationId);
    const QString what = tr("The conversation's settings cannot be stored.");
    if (!exec(query, what))
        return false;
    if (query.numRowsAffected() < 1)
        return fail(what, tr("there is no such conversation"));
    Q_EMIT conversationsChanged();
    return true;
}

std::optional<ConversationSettings> ConversationStore::settings(qint64 conversationId) const
{
    QSqlQuery query = prepare(u"SELECT model, system_instruction, generation_config, safety_settings, tools, "
                              "tool_config, cached_content FROM conversations WHERE id = ?"_s);
    if (!firstRowFor(query, conversationId, tr("The conversation's settings cannot be read.")))
        return std::nullopt;
    ConversationSettings s;
    s.model = query.value(0).toString();
    GenerateContentRequest &r = s.request;
    if (!query.value(1).isNull())
        r.systemInstruction = Content::fromJson(parseJson(query.value(1)).object());
    r.generationConfig = GenerationConfig::fromJson(parseJson(query.value(2)).object());
    const QJsonArray safety = parseJson(query.value(3)).array();
    for (const QJsonValue &value : safety)
        r.safetySettings.append(SafetySetting::fromJson(value.toObject()));
    r.tools = Tools::fromJson(parseJson(query.value(4)).array());
    if (!query.value(5).isNull())
        r.toolConfig = parseJson(query.value(5)).object();
    r.cachedContent = query.value(6).toString();
    return s;
}

bool ConversationStore::moveToTrash(qint64 conversationId)
{
    return updateConversation(
        conversationId, u"trashed = 1"_s, {}, tr("The conversation cannot be moved to the trash."));
}

bool ConversationStore::restoreFromTrash(qint64 conversationId)
{
    return updateConversation(conversationId, u"trashed = 0"_s, {}, tr("The conversation cannot be restored."));
}

bool ConversationStore::deleteTurnsDeepestFirst(const QList<qint64> &turnIds, const QString &what)
{
    // One row at a time, children before parents: a cascade through a long chain of turns would hit
    // SQLite's limit of 1000 nested triggers.
    QSqlQuery query = prepare(u"DELETE FROM turns WHERE id = ?"_s);
    for (qint64 id : turnIds) {
        query.bindValue(0, id);
        if (!exec(query, what))
            return false;
    }
    return true;
}

bool ConversationStore::purgeTrash()
{
    const QString what = tr("The trash cannot be emptied.");
    Transaction transaction(db());
    if (!transaction.isActive())
        return fail(what, errorText(db().lastError()));
    QList<qint64> conversationIds;
    {
        QSqlQuery query = prepare(u"SELECT id FROM conversations WHERE trashed = 1"_s);
        if (!exec(query, what))
            return false;
        while (query.next())
            conversationIds.append(query.value(0).toLongLong());
    }
    for (qint64 conversationId : conversationIds) {
        QList<qint64> turnIds;
        QSqlQuery query = prepare(u"SELECT id FROM turns WHERE conversation_id = ? ORDER BY depth DESC"_s);
        query.addBindValue(conversationId);
        if (!exec(query, what))
            return false;
        while (query.next())
            turnIds.append(query.value(0).toLongLong());
        if (!deleteTurnsDeepestFirst(turnIds, what))
            return false;
        QSqlQuery remove = prepare(u"DELETE FROM conversations WHERE id = ?"_s);
        remove.addBindValue(conversationId);
        if (!exec(remove, what))
            return false;
    }
    QSqlQuery blobs = prepare(u"DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM turn_blobs)"_s);
    if (!exec(blobs, what))
        return false;
    if (!transaction.commit())
        return fail(what, errorText(db().lastError()));
    return true;
}

qint64 ConversationStore::duplicate(qint64 conversationId)
{
    std::optional<ConversationRecord> original = record(conversationId);
    if (!original) {
        fail(tr("The conversation cannot be duplicated."), tr("there is no such conversation"));
        return 0;
    }
    ConversationRecord copy = std::move(*original);
    copy.summary.title = tr("%1 (copy)").arg(copy.summary.title);
    copy.summary.created = copy.summary.updated = QDateTime::currentDateTimeUtc();
    copy.summary.pinned = false;
    const QList<qint64> ids = importRecords({copy});
    return ids.isEmpty() ? 0 : ids.first();
}

// ---- Turns

ChatTurn ConversationStore::withBlobs(const ChatTurn &turn) const
{
    if (!m_blobs || turn.attachments.isEmpty())
        return turn;
    ChatTurn stored = turn;
    QStringList hashes = turn.attachmentHashes;
    while (hashes.size() < stored.attachments.size())
        hashes.append(QString());
    bool any = false;
    for (qsizetype i = 0; i < stored.attachments.size(); ++i) {
        Attachment &a = stored.attachments[i];
        if (hashes.at(i).isEmpty()) {
            QString error;
            const QString hash = a.path.isEmpty() ? m_blobs->put(a.bytes, &error) : m_blobs->putFile(a.path, &error);
            if (hash.isEmpty()) {
                // The turn is still stored (its request is about to leave); the attachment keeps its
                // original path or bytes.
                qCWarning(lcStore).noquote() << "attachment" << a.displayName << "not kept in the blobs:" << error;
                continue;
            }
            hashes[i] = hash;
        }
        const QString blobPath = m_blobs->pathOf(hashes.at(i));
        if (!blobPath.isEmpty()) {
            a.path = blobPath;
            a.bytes.clear();
        }
    }
    for (const QString &hash : std::as_const(hashes))
        any = any || !hash.isEmpty();
    if (any)
        stored.attachmentHashes = hashes;
    return stored;
}

bool ConversationStore::recordBlobs(qint64 turnId, const ChatTurn &turn)
{
    if (turn.attachmentHashes.isEmpty())
        return true;
    const QString what = tr("The attachments cannot be recorded.");
    QSqlQuery blob = prepare(u"INSERT OR IGNORE INTO blobs (sha256, size, mime_type) VALUES (?, ?, ?)"_s);
    QSqlQuery link = prepare(u"INSERT OR IGNORE INTO turn_blobs (turn_id, sha256) VALUES (?, ?)"_s);
    for (qsizetype i = 0; i < turn.attachmentHashes.size(); ++i) {
        const QString &hash = turn.attachmentHashes.at(i);
        if (hash.isEmpty())
            continue;
        const Attachment a = i < turn.attachments.size() ? turn.attachments.at(i) : Attachment {};
        qint64 size = a.bytes.size();
        if (m_blobs) {
            const QString blobPath = m_blobs->pathOf(hash);
            if (!blobPath.isEmpty())
                size = QFileInfo(blobPath).size();
        }
        blob.bindValue(0, hash);
        blob.bindValue(1, size);
        blob.bindValue(2, a.mimeType);
        if (!exec(blob, what))
            return false;
        link.bindValue(0, turnId);
        link.bindValue(1, hash);
        if (!exec(link, what))
            return false;
    }
    return true;
}

qint64 ConversationStore::nextStamp(qint64 conversationId) const
{
    // Strictly increasing within a conversation (the leaf holds its latest), so "the alternative
    // shown last" is never a tie.
    QSqlQuery query
        = prepare(u"SELECT t.selected FROM conversations c JOIN turns t ON t.id = c.leaf_id WHERE c.id = ?"_s);
    query.addBindValue(conversationId);
    qint64 last = 0;
    if (query.exec() && query.next())
        last = query.value(0).toLongLong();
    return std::max(nowMs(), last + 1);
}

qint64 ConversationStore::insertTurnRow(
    qint64 conversationId, qint64 parentTurnId, const ChatTurn &turn, qint64 stamp, int knownDepth)
{
    const QString what = tr("The message cannot be stored.");
    int depth = knownDepth > 0 ? knownDepth : 1;
    if (parentTurnId != 0 && knownDepth <= 0) {
        QSqlQuery parent = prepare(u"SELECT conversation_id, depth FROM turns WHERE id = ?"_s);
        parent.addBindValue(parentTurnId);
        if (!exec(parent, what))
            return 0;
        if (!parent.next() || parent.value(0).toLongLong() != conversationId) {
            fail(what, tr("the turn it answers is not in this conversation"));
            return 0;
        }
        depth = parent.value(1).toInt() + 1;
    }
    QSqlQuery query = prepare(u"INSERT INTO turns (conversation_id, parent_id, depth, role, state, created, "
                              "selected, text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(conversationId);
    query.addBindValue(parentTurnId != 0 ? QVariant(parentTurnId) : QVariant(QMetaType::fromType<qint64>()));
    query.addBindValue(depth);
    query.addBindValue(roleName(turn.role));
    query.addBindValue(stateName(turn.state));
    query.addBindValue(toMs(turn.created));
    query.addBindValue(stamp);
    query.addBindValue(textValue(shownText(turn)));
    query.addBindValue(toJsonText(turnData(turn)));
    if (!exec(query, what))
        return 0;
    const qint64 id = query.lastInsertId().toLongLong();
    if (id == 0 || !recordBlobs(id, turn))
        return 0;
    return id;
}

bool ConversationStore::setLeafRow(qint64 conversationId, qint64 turnId, qint64 stamp)
{
    // Invariant: every turn on the visible path was selected last among its alternatives, and the leaf
    // holds the conversation's latest stamp. So only the turns from the new leaf up to where it meets
    // the old path need a new stamp: one turn for a new answer, a branch for a switch.
    const QString what = tr("The conversation's path cannot be stored.");
    QSqlQuery current = prepare(u"SELECT leaf_id FROM conversations WHERE id = ?"_s);
    current.addBindValue(conversationId);
    if (!exec(current, what))
        return false;
    qint64 oldLeaf = current.next() ? current.value(0).toLongLong() : 0;
    current.finish();

    QSqlQuery leaf = prepare(u"UPDATE conversations SET leaf_id = ? WHERE id = ?"_s);
    leaf.addBindValue(turnId != 0 ? QVariant(turnId) : QVariant(QMetaType::fromType<qint64>()));
    leaf.addBindValue(conversationId);
    if (!exec(leaf, what))
        return false;

    QSqlQuery up = prepare(u"SELECT coalesce(parent_id, 0), depth FROM turns WHERE id = ?"_s);
    // Moves `id` to its parent; false (and id 0) when the row is missing.
    auto step = [&](qint64 &id, int &depth) {
        up.bindValue(0, id);
        if (!up.exec() || !up.next()) {
            id = 0;
            depth = 0;
            return false;
        }
        id = up.value(0).toLongLong();
        depth = up.value(1).toInt() - 1;
        up.finish();
        return true;
    };
    auto depthOf = [&](qint64 id) {
        up.bindValue(0, id);
        int depth = 0;
        if (up.exec() && up.next())
            depth = up.value(1).toInt();
        up.finish();
        return depth;
    };
    QSqlQuery select = prepare(u"UPDATE turns SET selected = ? WHERE id = ?"_s);
    qint64 a = turnId;
    int da = a != 0 ? depthOf(a) : 0;
    qint64 b = oldLeaf;
    int db = b != 0 ? depthOf(b) : 0;
    if (db == 0)
        b = 0; // the old leaf is gone (deleted): stamp the whole new path
    while (a != 0 && a != b) {
        const bool moveA = b == 0 || da >= db;
        const bool moveB = b != 0 && db >= da;
        if (moveA) {
            select.bindValue(0, stamp);
            select.bindValue(1, a);
            if (!exec(select, what))
                return false;
            step(a, da);
        }
        if (moveB)
            step(b, db);
    }
    return true;
}

qint64 ConversationStore::insertTurn(qint64 conversationId, qint64 parentTurnId, const ChatTurn &turn)
{
    const QString what = tr("The message cannot be stored.");
    const ChatTurn stored = withBlobs(turn);
    Transaction transaction(db());
    if (!transaction.isActive()) {
        fail(what, errorText(db().lastError()));
        return 0;
    }
    QSqlQuery exists = prepare(u"SELECT 1 FROM conversations WHERE id = ?"_s);
    exists.addBindValue(conversationId);
    if (!exec(exists, what))
        return 0;
    if (!exists.next()) {
        fail(what, tr("there is no such conversation"));
        return 0;
    }
    const qint64 stamp = nextStamp(conversationId);
    const qint64 id = insertTurnRow(conversationId, parentTurnId, stored, stamp);
    if (id == 0 || !setLeafRow(conversationId, id, stamp))
        return 0;
    QSqlQuery updated = prepare(u"UPDATE conversations SET updated = ? WHERE id = ?"_s);
    updated.addBindValue(nowMs());
    updated.addBindValue(conversationId);
    if (!exec(updated, what))
        return 0;
    if (!transaction.commit()) {
        fail(what, errorText(db().lastError()));
        return 0;
    }
    Q_EMIT conversationsChanged();
    return id;
}

bool ConversationStore::updateTurns(const QList<ChatTurn> &turns)
{
    const QString what = tr("The message cannot be saved.");
    if (turns.isEmpty())
        return true;
    Transaction transaction(db());
    if (!transaction.isActive())
        return fail(what, errorText(db().lastError()));
    QSqlQuery read = prepare(u"SELECT conversation_id, data FROM turns WHERE id = ?"_s);
    QSqlQuery write = prepare(u"UPDATE turns SET state = ?, text = ?, data = ? WHERE id = ?"_s);
    QSqlQuery touch = prepare(u"UPDATE conversations SET updated = ? WHERE id = ?"_s);
    QSet<qint64> conversations;
    for (const ChatTurn &original : turns) {
        if (original.storeId <= 0)
            return fail(what, tr("the message was never stored"));
        read.bindValue(0, original.storeId);
        if (!exec(read, what))
            return false;
        if (!read.next())
            return fail(what, tr("the message is no longer in the history"));
        conversations.insert(read.value(0).toLongLong());
        ChatTurn turn = original;
        const bool unhashed
            = turn.attachmentHashes.size() < turn.attachments.size() || turn.attachmentHashes.contains(QString());
        if (!turn.attachments.isEmpty() && unhashed) {
            // The caller's copy may predate insertTurn's blobs: keep what was stored rather than
            // reading every file again.
            ChatTurn stored;
            applyTurnData(stored, parseJson(read.value(1)).object());
            if (stored.attachments.size() == turn.attachments.size()
                && stored.attachmentHashes.size() == turn.attachments.size()
                && !stored.attachmentHashes.contains(QString())) {
                turn.attachments = stored.attachments;
                turn.attachmentHashes = stored.attachmentHashes;
            } else {
                turn = withBlobs(turn);
            }
        }
        read.finish();
        write.bindValue(0, stateName(turn.state));
        write.bindValue(1, textValue(shownText(turn)));
        write.bindValue(2, toJsonText(turnData(turn)));
        write.bindValue(3, turn.storeId);
        if (!exec(write, what) || !recordBlobs(turn.storeId, turn))
            return false;
    }
    const qint64 now = nowMs();
    for (qint64 conversationId : std::as_const(conversations)) {
        touch.bindValue(0, now);
        touch.bindValue(1, conversationId);
        if (!exec(touch, what))
            return false;
    }
    if (!transaction.commit())
        return fail(what, errorText(db().lastError()));
    return true;
}

qint64 ConversationStore::descend(qint64 turnId) const
{
    QSqlQuery child = prepare(u"SELECT id FROM turns WHERE parent_id = ? ORDER BY selected DESC, id DESC LIMIT 1"_s);
    for (;;) {
        child.bindValue(0, turnId);
        if (!child.exec() || !child.next())
            return turnId;
        turnId = child.value(0).toLongLong();
        child.finish();
    }
}

bool ConversationStore::deleteTurn(qint64 turnId)
{
    const QString what = tr("The message cannot be deleted.");
    Transaction transaction(db());
    if (!transaction.isActive())
        return fail(what, errorText(db().lastError()));
    qint64 conversationId = 0;
    qint64 parentId = 0;
    qint64 leafId = 0;
    {
        QSqlQuery query = prepare(u"SELECT t.conversation_id, t.parent_id, c.leaf_id FROM turns t "
                                  "JOIN conversations c ON c.id = t.conversation_id WHERE t.id = ?"_s);
        query.addBindValue(turnId);
        if (!exec(query, what))
            return false;
        if (!query.next())
            return fail(what, tr("the message is no longer in the history"));
        conversationId = query.value(0).toLongLong();
        parentId = query.value(1).toLongLong();
        leafId = query.value(2).toLongLong();
    }
    bool leafBelow = false;
    {
        QSqlQuery query
            = prepare(u"WITH RECURSIVE p(id) AS (SELECT ? UNION ALL SELECT t.parent_id FROM turns t "
                      "JOIN p ON t.id = p.id WHERE t.parent_id IS NOT NULL) SELECT 1 FROM p WHERE id = ?"_s);
        query.addBindValue(leafId);
        query.addBindValue(turnId);
        if (!exec(query, what))
            return false;
        leafBelow = query.next();
    }
    QList<qint64> subtree;
    {
        QSqlQuery query = prepare(u"WITH RECURSIVE s(id, depth) AS (SELECT id, depth FROM turns WHERE id = ? "
                                  "UNION ALL SELECT t.id, t.depth FROM turns t JOIN s ON t.parent_id = s.id) "
                                  "SELECT id FROM s ORDER BY depth DESC"_s);
        query.addBindValue(turnId);
        if (!exec(query, what))
            return false;
        while (query.next())
            subtree.append(query.value(0).toLongLong());
    }
    if (!deleteTurnsDeepestFirst(subtree, what))
        return false;
    if (leafBelow) {
        qint64 newLeaf = parentId;
        if (newLeaf == 0) {
            QSqlQuery root = prepare(u"SELECT id FROM turns WHERE conversation_id = ? AND depth = 1 "
                                     "ORDER BY selected DESC, id DESC LIMIT 1"_s);
            root.addBindValue(conversationId);
            if (!exec(root, what))
                return false;
            if (root.next())
                newLeaf = descend(root.value(0).toLongLong());
        }
        if (!setLeafRow(conversationId, newLeaf, nextStamp(conversationId)))
            return false;
    }
    if (!transaction.commit())
        return fail(what, errorText(db().lastError()));
    Q_EMIT conversationsChanged();
    return true;
}

bool ConversationStore::setLeaf(qint64 conversationId, qint64 turnId)
{
    const QString what = tr("The conversation's path cannot be stored.");
    if (conversationOf(turnId) != conversationId)
        return fail(what, tr("the message is not in this conversation"));
    Transaction transaction(db());
    if (!transaction.isActive())
        return fail(what, errorText(db().lastError()));
    if (!setLeafRow(conversationId, turnId, nextStamp(conversationId)))
        return false;
    if (!transaction.commit())
        return fail(what, errorText(db().lastError()));
    return true;
}

QList<ChatTurn> ConversationStore::pathTurns(qint64 conversationId) const
{
    QSqlQuery query = prepare(
        u"WITH RECURSIVE p(id, n) AS (SELECT leaf_id, 0 FROM conversations WHERE id = ? AND leaf_id IS NOT NULL "
        "UNION ALL SELECT t.parent_id, p.n + 1 FROM turns t JOIN p ON t.id = p.id WHERE t.parent_id IS NOT NULL) "
        "SELECT %1, "
        "CASE WHEN t.parent_id IS NULL "
        " THEN (SELECT count(*) FROM turns s WHERE s.conversation_id = t.conversation_id AND s.depth = 1 AND s.id <= "
        "t.id) "
        " ELSE (SELECT count(*) FROM turns s WHERE s.parent_id = t.parent_id AND s.id <= t.id) END, "
        "CASE WHEN t.parent_id IS NULL "
        " THEN (SELECT count(*) FROM turns s WHERE s.conversation_id = t.conversation_id AND s.depth = 1) "
        " ELSE (SELECT count(*) FROM turns s WHERE s.parent_id = t.parent_id) END "
        "FROM p JOIN turns t ON t.id = p.id ORDER BY p.n DESC"_s.arg(TurnColumns));
    query.addBindValue(conversationId);
    if (!exec(query, tr("The conversation cannot be read.")))
        return {};
    QList<ChatTurn> turns;
    while (query.next()) {
        ChatTurn turn = turnFromRow(query);
        turn.branchIndex = query.value(6).toInt();
        turn.branchCount = query.value(7).toInt();
        turns.append(std::move(turn));
    }
    return turns;
}

Conversation ConversationStore::path(qint64 conversationId) const
{
    Conversation conversation;
    const QList<ChatTurn> turns = pathTurns(conversationId);
    for (const ChatTurn &turn : turns)
        conversation.append(turn);
    return conversation;
}

std::optional<ChatTurn> ConversationStore::turn(qint64 turnId) const
{
    QSqlQuery query = prepare(u"SELECT %1 FROM turns t WHERE t.id = ?"_s.arg(TurnColumns));
    if (!firstRowFor(query, turnId, tr("The message cannot be read.")))
        return std::nullopt;
    return turnFromRow(query);
}

Conversation ConversationStore::switchBranch(qint64 turnId, int offset)
{
    const QString what = tr("The other version cannot be shown.");
    qint64 conversationId = 0;
    QList<qint64> siblings;
    {
        QSqlQuery query = prepare(u"SELECT conversation_id, parent_id FROM turns WHERE id = ?"_s);
        query.addBindValue(turnId);
        if (!exec(query, what))
            return {};
        if (!query.next()) {
            fail(what, tr("the message is no longer in the history"));
            return {};
        }
        conversationId = query.value(0).toLongLong();
        const QVariant parent = query.value(1);
        QSqlQuery list
            = prepare(parent.isNull() ? u"SELECT id FROM turns WHERE conversation_id = ? AND depth = 1 ORDER BY id"_s
                                      : u"SELECT id FROM turns WHERE parent_id = ? ORDER BY id"_s);
        list.addBindValue(parent.isNull() ? QVariant(conversationId) : parent);
        if (!exec(list, what))
            return {};
        while (list.next())
            siblings.append(list.value(0).toLongLong());
    }
    const qsizetype index = siblings.indexOf(turnId);
    if (index < 0)
        return path(conversationId);
    const qsizetype target = std::clamp<qsizetype>(index + offset, 0, siblings.size() - 1);
    Transaction transaction(db());
    if (!transaction.isActive()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    if (!setLeafRow(conversationId, descend(siblings.at(target)), nextStamp(conversationId)))
        return {};
    if (!transaction.commit()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    return path(conversationId);
}

Conversation ConversationStore::revealTurn(qint64 turnId)
{
    const QString what = tr("The message cannot be shown.");
    const qint64 conversationId = conversationOf(turnId);
    if (conversationId == 0) {
        fail(what, tr("the message is no longer in the history"));
        return {};
    }
    Transaction transaction(db());
    if (!transaction.isActive()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    if (!setLeafRow(conversationId, descend(turnId), nextStamp(conversationId)))
        return {};
    if (!transaction.commit()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    return path(conversationId);
}

qint64 ConversationStore::conversationOf(qint64 turnId) const
{
    QSqlQuery query = prepare(u"SELECT conversation_id FROM turns WHERE id = ?"_s);
    if (!firstRowFor(query, turnId, tr("The message cannot be read.")))
        return 0;
    return query.value(0).toLongLong();
}

int ConversationStore::markInterrupted()
{
    QSqlQuery query = prepare(u"UPDATE turns SET state = 'interrupted' WHERE state IN ('waiting', 'streaming')"_s);
    if (!exec(query, tr("Unfinished answers cannot be marked as interrupted.")))
        return 0;
    return query.numRowsAffected();
}

// ---- Search

bool ConversationStore::isCommon(const QString &term) const
{
    // FTS5's bm25 counts every row a phrase is in (its idf) before it ranks anything: for a word in
    // most of a million turns that is a second. Asking for the row CommonRows places down a list in
    // rowid order reads no further than that.
    QSqlQuery probe
        = prepare(u"SELECT rowid FROM turns_fts WHERE turns_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?"_s);
    probe.addBindValue(term);
    probe.addBindValue(CommonRows);
    return probe.exec() && probe.next();
}

QList<SearchHit> ConversationStore::search(const QString &text, int limit) const
{
    const QStringList terms = matchTerms(text);
    if (terms.isEmpty() || limit <= 0)
        return {};
    const QString expression = terms.join(u' ');
    const QString what = tr("The search failed.");
    const QString markStart(SearchHit::MarkStart);
    const QString markEnd(SearchHit::MarkEnd);
    QList<SearchHit> hits;

    // Titles: a few thousand rows at most, always ranked.
    QSqlQuery titles = prepare(u"SELECT c.id, c.title, highlight(titles_fts, 0, ?, ?), c.updated, c.pinned "
                               "FROM titles_fts JOIN conversations c ON c.id = titles_fts.rowid "
                               "WHERE titles_fts MATCH ? AND c.trashed = 0 ORDER BY titles_fts.rank LIMIT ?"_s);
    titles.addBindValue(markStart);
    titles.addBindValue(markEnd);
    titles.addBindValue(expression);
    titles.addBindValue(limit);
    if (!exec(titles, what))
        return {};
    while (titles.next()) {
        SearchHit hit;
        hit.conversationId = titles.value(0).toLongLong();
        hit.title = titles.value(1).toString();
        hit.snippet = titles.value(2).toString();
        hit.updated = fromMs(titles.value(3).toLongLong());
        hit.pinned = titles.value(4).toBool();
        hits.append(hit);
    }
    titles.finish();
    if (hits.size() >= limit)
        return hits;

    // Turns: best matches first (bm25) when every word is rare enough for that to be quick; with a
    // common word, the newest matches first (FTS5 then reads the lists in rowid order and stops at
    // the limit). The ORDER BY is the virtual table's own, so snippets are made only for the rows
    // returned. Hits in the trash are skipped: ask for more until there are enough or no more.
    const bool ranked
        = std::none_of(terms.cbegin(), terms.cend(), [this](const QString &term) { return isCommon(term); });
    QSqlQuery matches
        = prepare(u"SELECT rowid, snippet(turns_fts, 0, ?, ?, '…', 16) FROM turns_fts "
                  "WHERE turns_fts MATCH ? ORDER BY %1 LIMIT ? OFFSET ?"_s.arg(ranked ? u"rank"_s : u"rowid DESC"_s));
    QSqlQuery detail = prepare(u"SELECT t.conversation_id, c.title, c.updated, c.pinned, c.trashed FROM turns t "
                               "JOIN conversations c ON c.id = t.conversation_id WHERE t.id = ?"_s);
    int offset = 0;
    int batch = limit - int(hits.size()) + 8;
    while (hits.size() < limit) {
        matches.bindValue(0, markStart);
        matches.bindValue(1, markEnd);
        matches.bindValue(2, expression);
        matches.bindValue(3, batch);
        matches.bindValue(4, offset);
        if (!exec(matches, what))
            return {};
        QList<std::pair<qint64, QString>> found;
        while (matches.next())
            found.append({matches.value(0).toLongLong(), matches.value(1).toString()});
        matches.finish();
        for (const auto &[id, snippet] : std::as_const(found)) {
            if (hits.size() >= limit)
                break;
            detail.bindValue(0, id);
            if (!exec(detail, what))
                return {};
            if (!detail.next() || detail.value(4).toBool()) {
                detail.finish();
                continue;
            }
            SearchHit hit;
            hit.conversationId = detail.value(0).toLongLong();
            hit.turnId = id;
            hit.title = detail.value(1).toString();
            hit.updated = fromMs(detail.value(2).toLongLong());
            hit.pinned = detail.value(3).toBool();
            hit.snippet = snippet;
            detail.finish();
            hits.append(hit);
        }
        if (found.size() < batch)
            break;
        offset += batch;
        batch *= 2;
    }
    return hits;
}

// ---- Whole conversations

std::optional<ConversationRecord> ConversationStore::record(qint64 conversationId) const
{
    std::optional<ConversationSummary> s = summary(conversationId);
    std::optional<ConversationSettings> c = settings(conversationId);
    if (!s || !c)
        return std::nullopt;
    ConversationRecord record;
    record.summary = *s;
    record.settings = *c;
    record.turns = pathTurns(conversationId);
    return record;
}

QList<qint64> ConversationStore::importRecords(const QList<ConversationRecord> &records)
{
    const QString what = tr("The conversations cannot be stored.");
    // Files are read before the transaction: it then holds the write lock for as short as it can.
    QList<QList<ChatTurn>> prepared;
    for (const ConversationRecord &record : records) {
        QList<ChatTurn> turns;
        for (const ChatTurn &turn : record.turns) {
            ChatTurn stored = withBlobs(turn);
            // Nothing streams into a copy: an answer still arriving (a duplicate made mid-stream) is
            // kept as what it is, interrupted, with Retry.
            if (stored.isBusy())
                stored.state = ChatTurn::State::Interrupted;
            turns.append(stored);
        }
        prepared.append(turns);
    }
    Transaction transaction(db());
    if (!transaction.isActive()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    QList<qint64> ids;
    for (qsizetype r = 0; r < records.size(); ++r) {
        const ConversationRecord &record = records.at(r);
        ConversationSettings settings = record.settings;
        settings.request.contents.clear();
        const qint64 conversationId = insertConversation(record.summary, settings);
        if (conversationId == 0)
            return {};
        qint64 parent = 0;
        int depth = 0;
        const qint64 stamp = nowMs();
        for (const ChatTurn &turn : prepared.at(r)) {
            // A chain made here: each turn's depth is known without asking.
            parent = insertTurnRow(conversationId, parent, turn, stamp, ++depth);
            if (parent == 0)
                return {};
        }
        if (parent != 0 && !setLeafRow(conversationId, parent, stamp))
            return {};
        ids.append(conversationId);
    }
    if (!transaction.commit()) {
        fail(what, errorText(db().lastError()));
        return {};
    }
    if (!ids.isEmpty())
        Q_EMIT conversationsChanged();
    return ids;
}

std::optional<QSet<QString>> ConversationStore::referencedBlobs() const
{
    QSqlQuery query = prepare(u"SELECT DISTINCT sha256 FROM turn_blobs"_s);
    if (!exec(query, tr("The attachments in use cannot be listed.")))
        return std::nullopt;
    QSet<QString> hashes;
    while (query.next())
        hashes.insert(query.value(0).toString());
    return hashes;
}
