#include "store/blobcache.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

ChatTurn userTurn(const QString &text)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.text = text;
    turn.created = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, QTimeZone::utc());
    return turn;
}

ChatTurn modelTurn(const QString &text, ChatTurn::State state = ChatTurn::State::Done)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.state = state;
    turn.model = u"gemini-test"_s;
    turn.created = QDateTime::fromMSecsSinceEpoch(1'700'000'001'000, QTimeZone::utc());
    Candidate candidate;
    candidate.content.role = u"model"_s;
    candidate.content.parts.append(Part::fromText(text));
    candidate.finishReason = u"STOP"_s;
    turn.candidates.append(candidate);
    return turn;
}

ConversationSettings richSettings()
{
    ConversationSettings s;
    s.model = u"gemini-2.5-pro"_s;
    Content system;
    system.parts.append(Part::fromText(u"You are terse."_s));
    s.request.systemInstruction = system;
    s.request.generationConfig.temperature = 0.25;
    s.request.generationConfig.topP = 0.9;
    s.request.generationConfig.topK = 40;
    s.request.generationConfig.maxOutputTokens = 1024;
    s.request.generationConfig.stopSequences = {u"END"_s};
    s.request.generationConfig.responseMimeType = u"application/json"_s;
    s.request.generationConfig.responseSchema = QJsonObject {{u"type"_s, u"OBJECT"_s}};
    ThinkingConfig thinking;
    thinking.includeThoughts = true;
    thinking.thinkingBudget = 512;
    s.request.generationConfig.thinkingConfig = thinking;
    s.request.safetySettings
        = {{u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_ONLY_HIGH"_s}, {u"HARM_CATEGORY_HATE_SPEECH"_s, u"BLOCK_NONE"_s}};
    s.request.tools.googleSearch = true;
    s.request.tools.codeExecution = true;
    s.request.tools.functionDeclarations
        = QJsonArray {QJsonObject {{u"name"_s, u"lookup"_s}, {u"description"_s, u"Looks things up"_s}}};
    s.request.toolConfig = QJsonObject {{u"functionCallingConfig"_s, QJsonObject {{u"mode"_s, u"AUTO"_s}}}};
    return s;
}

QStringList texts(const Conversation &conversation)
{
    QStringList list;
    for (const ChatTurn &turn : conversation.turns())
        list.append(turn.markdown());
    return list;
}

QString branchesOf(const Conversation &conversation)
{
    QStringList list;
    for (const ChatTurn &turn : conversation.turns())
        list.append(u"%1/%2"_s.arg(turn.branchIndex).arg(turn.branchCount));
    return list.join(u' ');
}

} // namespace

class Tst_conversationstore final : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<BlobCache> m_blobs;
    std::unique_ptr<ConversationStore> m_store;

    qint64 conversationWith(const QStringList &exchange, const QString &title = u"Chat"_s)
    {
        const qint64 id = m_store->createConversation({}, title);
        qint64 parent = 0;
        for (qsizetype i = 0; i < exchange.size(); ++i) {
            parent = m_store->insertTurn(id, parent, i % 2 == 0 ? userTurn(exchange.at(i)) : modelTurn(exchange.at(i)));
            if (parent == 0)
                return 0;
        }
        return id;
    }

    int rowCount(const QString &table)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(u"SELECT count(*) FROM "_s + table) || !q.next())
            return -1;
        return q.value(0).toInt();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = std::make_unique<Database>(m_dir->filePath(u"history.db"_s));
        QVERIFY2(m_db->open(), qPrintable(m_db->message()));
        m_blobs = std::make_unique<BlobCache>(m_dir->filePath(u"blobs"_s));
        m_store = std::make_unique<ConversationStore>(m_db.get(), m_blobs.get());
    }

    void cleanup()
    {
        m_store.reset();
        m_blobs.reset();
        m_db.reset();
        m_dir.reset();
    }

    void createAndListOrder()
    {
        QSignalSpy changed(m_store.get(), &ConversationStore::conversationsChanged);
        QVERIFY(m_store->conversations().isEmpty());
        QCOMPARE(m_store->conversationCount(), 0);
        const qint64 a = m_store->createConversation({}, u"A"_s);
        const qint64 b = m_store->createConversation({}, u"B"_s);
        const qint64 c = m_store->createConversation({}, u"C"_s);
        QVERIFY(a && b && c);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(m_store->conversationCount(), 3);
        auto order = [this] {
            QStringList titles;
            for (const ConversationSummary &s : m_store->conversations())
                titles.append(s.title);
            return titles.join(u',');
        };
        // Same updated time, or newer: the newest first.
        QCOMPARE(order(), u"C,B,A"_s);
        QTest::qWait(2); // updated times are in ms: make the next one strictly later
        QVERIFY(m_store->insertTurn(a, 0, userTurn(u"hi"_s)) != 0);
        QCOMPARE(order(), u"A,C,B"_s);
        QVERIFY(m_store->setPinned(b, true));
        QCOMPARE(order(), u"B,A,C"_s);
        QVERIFY(m_store->setPinned(b, false));
        QCOMPARE(order(), u"A,C,B"_s);

        const std::optional<ConversationSummary> s = m_store->summary(a);
        QVERIFY(s);
        QCOMPARE(s->id, a);
        QCOMPARE(s->title, u"A"_s);
        QCOMPARE(s->turnCount, 1);
        QCOMPARE(s->created.timeSpec(), Qt::UTC);
        QVERIFY(s->updated >= s->created);
        QVERIFY(!m_store->summary(999999));
        QVERIFY(m_store->lastError().isEmpty());
    }

    void titles()
    {
        const qint64 id = m_store->createConversation({}, u"First prompt"_s, TitleSource::Prompt);
        QCOMPARE(m_store->summary(id)->titleSource, TitleSource::Prompt);
        QVERIFY(m_store->setTitle(id, u"Model title"_s, TitleSource::Model));
        QCOMPARE(m_store->summary(id)->title, u"Model title"_s);
        QCOMPARE(m_store->summary(id)->titleSource, TitleSource::Model);
        QVERIFY(m_store->setTitle(id, u"Mine \u0002marked\u0003"_s, TitleSource::User));
        QCOMPARE(m_store->summary(id)->title, u"Mine marked"_s);
        QCOMPARE(m_store->summary(id)->titleSource, TitleSource::User);

        QSignalSpy failed(m_store.get(), &ConversationStore::failed);
        QVERIFY(!m_store->setTitle(4242, u"x"_s, TitleSource::User));
        QCOMPARE(failed.size(), 1);
        QVERIFY(!m_store->lastError().isEmpty());
        QVERIFY(!m_store->setPinned(4242, true));
    }

    void settingsRoundTrip()
    {
        const ConversationSettings rich = richSettings();
        const qint64 id = m_store->createConversation(rich, u"t"_s);
        QCOMPARE(*m_store->settings(id), rich);
        QCOMPARE(m_store->summary(id)->model, rich.model);

        ConversationSettings plain;
        plain.model = u"gemini-flash"_s;
        QVERIFY(m_store->setSettings(id, plain));
        const ConversationSettings back = *m_store->settings(id);
        QCOMPARE(back, plain);
        QVERIFY(!back.request.systemInstruction);
        QVERIFY(!back.request.toolConfig);
        QVERIFY(m_store->setSettings(id, rich));
        QCOMPARE(*m_store->settings(id), rich);
        QVERIFY(!m_store->settings(31337));
        QVERIFY(!m_store->setSettings(31337, rich));
    }

    void turnRoundTrip_data()
    {
        QTest::addColumn<bool>("withBlobs");
        QTest::newRow("blob cache") << true;
        QTest::newRow("no blob cache") << false;
    }

    void turnRoundTrip()
    {
        QFETCH(bool, withBlobs);
        ConversationStore store(m_db.get(), withBlobs ? m_blobs.get() : nullptr);
        const QString filePath = m_dir->filePath(u"notes.txt"_s);
        const QByteArray fileBytes = "file content\n";
        {
            QFile file(filePath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(fileBytes);
        }
        const QByteArray pasted = QByteArray("\x89PNG pasted bytes", 17);

        ChatTurn user = userTurn(u"Look at these \u0002two\u0003 files"_s);
        user.attachments.append({filePath, {}, u"text/plain"_s, u"notes.txt"_s});
        user.attachments.append({{}, pasted, u"image/png"_s, u"pasted.png"_s});
        user.attachmentParts.append(Part::fromFileData(u"text/plain"_s, u"https://files/abc"_s));
        user.attachmentParts.append(Part::fromInlineData(u"image/png"_s, pasted));
        user.partsPreparedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'500, QTimeZone::utc());
        user.note = u"notes.txt was uploaded again."_s;

        ChatTurn model = modelTurn(u"First answer"_s, ChatTurn::State::Failed);
        Candidate second;
        second.index = 1;
        second.content.role = u"model"_s;
        Part thought = Part::fromText(u"thinking…"_s);
        thought.thought = true;
        thought.thoughtSignature = u"c2lnbmF0dXJl"_s;
        second.content.parts = {thought, Part::fromText(u"Second **answer**"_s)};
        second.finishReason = u"SAFETY"_s;
        second.finishMessage = u"flagged"_s;
        second.safetyRatings = {
            {u"HARM_CATEGORY_HARASSMENT"_s, u"HIGH"_s, true}, {u"HARM_CATEGORY_HATE_SPEECH"_s, u"NEGLIGIBLE"_s, false}};
        second.citations = {{3, 17, u"https://example.com/a"_s, u"A source"_s, u"MIT"_s}};
        second.avgLogprobs = -0.5;
        model.candidates.append(second);
        model.chosenCandidate = 1;
        PromptFeedback feedback;
        feedback.safetyRatings = {{u"HARM_CATEGORY_DANGEROUS_CONTENT"_s, u"LOW"_s, false}};
        model.promptFeedback = feedback;
        UsageMetadata usage;
        usage.promptTokenCount = 12;
        usage.candidatesTokenCount = 34;
        usage.totalTokenCount = 46;
        usage.thoughtsTokenCount = 7;
        usage.promptTokensDetails = {{u"TEXT"_s, 12}};
        model.usage = usage;
        model.modelVersion = u"gemini-test-001"_s;
        model.error.kind = ApiError::Kind::RateLimited;
        model.error.httpStatus = 429;
        model.error.status = u"RESOURCE_EXHAUSTED"_s;
        model.error.message = u"Quota exceeded"_s;
        model.error.retryDelayMs = 32000;
        model.error.afterStreamStarted = true;
        model.note = u"a note"_s;

        const qint64 id = store.createConversation({}, u"Round trip"_s);
        const qint64 userId = store.insertTurn(id, 0, user);
        QVERIFY(userId);
        const qint64 modelId = store.insertTurn(id, userId, model);
        QVERIFY(modelId);

        const Conversation path = store.path(id);
        QCOMPARE(path.size(), 2);
        const ChatTurn &u = path.at(0);
        QCOMPARE(u.storeId, userId);
        QVERIFY(u.id != 0);
        QCOMPARE(u.role, ChatTurn::Role::User);
        QCOMPARE(u.state, ChatTurn::State::Done);
        QCOMPARE(u.created, user.created);
        QCOMPARE(u.text, u"Look at these two files"_s);
        QCOMPARE(u.attachmentParts, user.attachmentParts);
        QCOMPARE(u.partsPreparedAt, user.partsPreparedAt);
        QCOMPARE(u.note, user.note);
        QCOMPARE(u.attachments.size(), 2);
        QCOMPARE(u.attachments.at(0).displayName, u"notes.txt"_s);
        QCOMPARE(u.attachments.at(1).mimeType, u"image/png"_s);
        if (withBlobs) {
            QCOMPARE(u.attachmentHashes, (QStringList {sha256Of(fileBytes), sha256Of(pasted)}));
            QCOMPARE(u.attachments.at(0).path, m_blobs->pathOf(sha256Of(fileBytes)));
            QCOMPARE(u.attachments.at(1).path, m_blobs->pathOf(sha256Of(pasted)));
            QVERIFY(u.attachments.at(1).bytes.isEmpty());
            QCOMPARE(m_blobs->read(u.attachmentHashes.at(1)), pasted);
            QCOMPARE(store.referencedBlobs().value_or(QSet<QString> {}),
                (QSet<QString> {sha256Of(fileBytes), sha256Of(pasted)}));
            QCOMPARE(rowCount(u"blobs"_s), 2);
        } else {
            QVERIFY(u.attachmentHashes.isEmpty());
            QCOMPARE(u.attachments.at(0).path, filePath);
            QCOMPARE(u.attachments.at(1).bytes, pasted);
            QVERIFY(store.referencedBlobs().value_or(QSet<QString> {u"x"_s}).isEmpty());
        }

        const ChatTurn &m = path.at(1);
        QCOMPARE(m.storeId, modelId);
        QCOMPARE(m.role, ChatTurn::Role::Model);
        QCOMPARE(m.state, ChatTurn::State::Failed);
        QCOMPARE(m.model, model.model);
        QCOMPARE(m.candidates, model.candidates);
        QCOMPARE(m.chosenCandidate, 1);
        QCOMPARE(m.finishReason(), u"SAFETY"_s);
        QCOMPARE(m.promptFeedback, model.promptFeedback);
        QCOMPARE(m.usage, model.usage);
        QCOMPARE(m.modelVersion, model.modelVersion);
        QCOMPARE(m.error.kind, ApiError::Kind::RateLimited);
        QCOMPARE(m.error.httpStatus, 429);
        QCOMPARE(m.error.status, model.error.status);
        QCOMPARE(m.error.message, model.error.message);
        QCOMPARE(m.error.retryDelayMs, model.error.retryDelayMs);
        QVERIFY(m.error.afterStreamStarted);
        QCOMPARE(m.error.userMessage(), model.error.userMessage());
        QCOMPARE(m.note, model.note);
        QCOMPARE(m.markdown(), u"Second **answer**"_s);

        const std::optional<ChatTurn> single = store.turn(modelId);
        QVERIFY(single);
        QCOMPARE(single->candidates, model.candidates);
        QVERIFY(!store.turn(987654));
        // What search sees is the chosen answer, not the thoughts.
        QCOMPARE(store.search(u"second"_s).size(), 1);
        QVERIFY(store.search(u"thinking"_s).isEmpty());
    }

    void updateTurns()
    {
        const qint64 id = m_store->createConversation({}, u"Stream"_s);
        ChatTurn user = userTurn(u"question"_s);
        user.storeId = m_store->insertTurn(id, 0, user);
        ChatTurn answer = modelTurn(u"partial"_s, ChatTurn::State::Streaming);
        answer.storeId = m_store->insertTurn(id, user.storeId, answer);
        QVERIFY(answer.storeId);
        QCOMPARE(m_store->search(u"partial"_s).size(), 1);

        answer.candidates[0].content.parts[0].text = u"partial and complete"_s;
        answer.state = ChatTurn::State::Done;
        answer.usage = UsageMetadata {};
        answer.usage->totalTokenCount = 9;
        user.note = u"refreshed"_s;
        QVERIFY(m_store->updateTurns({user, answer}));
        Conversation path = m_store->path(id);
        QCOMPARE(path.at(1).state, ChatTurn::State::Done);
        QCOMPARE(path.at(1).markdown(), u"partial and complete"_s);
        QCOMPARE(path.at(1).usage->totalTokenCount, 9);
        QCOMPARE(path.at(0).note, u"refreshed"_s);
        QCOMPARE(m_store->search(u"complete"_s).size(), 1);

        // A turn that is not stored spoils the whole batch: nothing of it is written.
        ChatTurn changed = answer;
        changed.candidates[0].content.parts[0].text = u"overwritten"_s;
        ChatTurn ghost = modelTurn(u"ghost"_s);
        ghost.storeId = 999999;
        QSignalSpy failed(m_store.get(), &ConversationStore::failed);
        QVERIFY(!m_store->updateTurns({changed, ghost}));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(m_store->path(id).at(1).markdown(), u"partial and complete"_s);
        QVERIFY(!m_store->updateTurn(modelTurn(u"never stored"_s)));
        QVERIFY(m_store->updateTurns({}));
    }

    void updateKeepsStoredBlobs()
    {
        const QString filePath = m_dir->filePath(u"doc.txt"_s);
        {
            QFile file(filePath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("document");
        }
        const qint64 id = m_store->createConversation({}, u"Blobs"_s);
        ChatTurn user = userTurn(u"see file"_s);
        user.attachments.append({filePath, {}, u"text/plain"_s, u"doc.txt"_s});
        user.storeId = m_store->insertTurn(id, 0, user);
        QVERIFY(user.storeId);
        // The caller's copy still has the original path and no hash; the file is gone meanwhile.
        QVERIFY(QFile::remove(filePath));
        user.note = u"sent again"_s;
        QVERIFY(m_store->updateTurn(user));
        const ChatTurn back = m_store->path(id).at(0);
        QCOMPARE(back.attachmentHashes, QStringList {sha256Of("document")});
        QCOMPARE(back.attachments.at(0).path, m_blobs->pathOf(sha256Of("document")));
        QCOMPARE(back.note, u"sent again"_s);
    }

    void insertTurnRefusals()
    {
        const qint64 a = conversationWith({u"q"_s, u"a"_s});
        const qint64 b = m_store->createConversation({}, u"other"_s);
        const qint64 turnOfA = m_store->path(a).at(0).storeId;
        QCOMPARE(m_store->insertTurn(777777, 0, userTurn(u"x"_s)), 0);
        QCOMPARE(m_store->insertTurn(b, turnOfA, userTurn(u"x"_s)), 0);
        QCOMPARE(m_store->insertTurn(b, 888888, userTurn(u"x"_s)), 0);
        QVERIFY(!m_store->lastError().isEmpty());
        QVERIFY(m_store->path(b).isEmpty());
        QVERIFY(m_store->path(777777).isEmpty());
        QCOMPARE(m_store->conversationOf(turnOfA), a);
        QCOMPARE(m_store->conversationOf(0), 0);
    }

    void branches()
    {
        const qint64 id = m_store->createConversation({}, u"Branches"_s);
        const qint64 u1 = m_store->insertTurn(id, 0, userTurn(u"U1"_s));
        const qint64 a1 = m_store->insertTurn(id, u1, modelTurn(u"A1"_s));
        // Regenerate: a second answer to U1.
        const qint64 a2 = m_store->insertTurn(id, u1, modelTurn(u"A2"_s));
        Conversation path = m_store->path(id);
        QCOMPARE(texts(path), (QStringList {u"U1"_s, u"A2"_s}));
        QCOMPARE(branchesOf(path), u"1/1 2/2"_s);
        const qint64 u2 = m_store->insertTurn(id, a2, userTurn(u"U2"_s));
        m_store->insertTurn(id, u2, modelTurn(u"B"_s));
        QCOMPARE(m_store->summary(id)->turnCount, 4);

        // Back to A1: its own (empty) continuation.
        path = m_store->switchBranch(a2, -1);
        QCOMPARE(texts(path), (QStringList {u"U1"_s, u"A1"_s}));
        QCOMPARE(branchesOf(path), u"1/1 1/2"_s);
        QCOMPARE(texts(m_store->path(id)), texts(path)); // stored as the leaf
        QCOMPARE(m_store->summary(id)->turnCount, 2);
        // Forward again: the deeper path last shown below A2 comes back.
        path = m_store->switchBranch(a1, +1);
        QCOMPARE(texts(path), (QStringList {u"U1"_s, u"A2"_s, u"U2"_s, u"B"_s}));
        QCOMPARE(branchesOf(path), u"1/1 2/2 1/1 1/1"_s);
        // Clamped at both ends.
        QCOMPARE(texts(m_store->switchBranch(a2, +5)), texts(path));
        QCOMPARE(texts(m_store->switchBranch(a2, -5)), (QStringList {u"U1"_s, u"A1"_s}));

        // Edit the first question: a sibling of U1 at the top.
        const qint64 u1b = m_store->insertTurn(id, 0, userTurn(u"U1 edited"_s));
        m_store->insertTurn(id, u1b, modelTurn(u"C"_s));
        path = m_store->path(id);
        QCOMPARE(texts(path), (QStringList {u"U1 edited"_s, u"C"_s}));
        QCOMPARE(branchesOf(path), u"2/2 1/1"_s);
        path = m_store->switchBranch(u1b, -1);
        QCOMPARE(texts(path), (QStringList {u"U1"_s, u"A1"_s})); // A1 was shown last below U1

        // A search hit in a hidden branch: reveal it.
        path = m_store->revealTurn(u2);
        QCOMPARE(texts(path), (QStringList {u"U1"_s, u"A2"_s, u"U2"_s, u"B"_s}));
        QVERIFY(m_store->revealTurn(123456).isEmpty());
        QVERIFY(m_store->switchBranch(123456, 1).isEmpty());

        // setLeaf: only a turn of this conversation.
        QVERIFY(m_store->setLeaf(id, a1));
        QCOMPARE(texts(m_store->path(id)), (QStringList {u"U1"_s, u"A1"_s}));
        const qint64 other = conversationWith({u"x"_s});
        QVERIFY(!m_store->setLeaf(other, a1));
    }

    void deleteTurn()
    {
        const qint64 id = m_store->createConversation({}, u"Delete"_s);
        const qint64 u1 = m_store->insertTurn(id, 0, userTurn(u"U1"_s));
        const qint64 a1 = m_store->insertTurn(id, u1, modelTurn(u"A1"_s));
        const qint64 u2 = m_store->insertTurn(id, a1, userTurn(u"U2"_s));
        const qint64 failedAnswer = m_store->insertTurn(id, u2, modelTurn(u"boom"_s, ChatTurn::State::Failed));
        QVERIFY(failedAnswer);
        QVERIFY(m_store->deleteTurn(failedAnswer));
        QCOMPARE(texts(m_store->path(id)), (QStringList {u"U1"_s, u"A1"_s, u"U2"_s}));
        QVERIFY(m_store->search(u"boom"_s).isEmpty());

        // Deleting a turn of a hidden branch leaves the path alone.
        const qint64 a2 = m_store->insertTurn(id, u1, modelTurn(u"A2"_s));
        QVERIFY(m_store->setLeaf(id, u2));
        QCOMPARE(branchesOf(m_store->path(id)), u"1/1 1/2 1/1"_s);
        QVERIFY(m_store->deleteTurn(a2));
        QCOMPARE(texts(m_store->path(id)), (QStringList {u"U1"_s, u"A1"_s, u"U2"_s}));
        QCOMPARE(branchesOf(m_store->path(id)), u"1/1 1/1 1/1"_s);

        // A subtree with the leaf in it: the leaf goes up to the parent.
        QVERIFY(m_store->deleteTurn(a1));
        QCOMPARE(texts(m_store->path(id)), (QStringList {u"U1"_s}));
        QCOMPARE(m_store->search(u"U2"_s).size(), 0);
        QVERIFY(m_store->deleteTurn(u1));
        QVERIFY(m_store->path(id).isEmpty());
        QCOMPARE(rowCount(u"turns"_s), 0);
        QVERIFY(!m_store->deleteTurn(u1));
    }

    void longChains()
    {
        // Longer than SQLite's 1000 nested triggers: deleting and purging must not cascade through it.
        const qint64 id = m_store->createConversation({}, u"Long"_s);
        QStringList exchange;
        qint64 parent = 0;
        qint64 first = 0;
        for (int i = 0; i < 1500; ++i) {
            parent = m_store->insertTurn(id, parent, i % 2 ? modelTurn(u"a%1"_s.arg(i)) : userTurn(u"q%1"_s.arg(i)));
            QVERIFY(parent);
            if (i == 0)
                first = parent;
        }
        QCOMPARE(m_store->path(id).size(), 1500);
        QCOMPARE(m_store->summary(id)->turnCount, 1500);
        const qint64 copy = m_store->duplicate(id);
        QVERIFY(copy);
        QVERIFY2(m_store->deleteTurn(first), qPrintable(m_store->lastError()));
        QVERIFY(m_store->path(id).isEmpty());
        QVERIFY(m_store->moveToTrash(copy));
        QVERIFY2(m_store->purgeTrash(), qPrintable(m_store->lastError()));
        QCOMPARE(rowCount(u"turns"_s), 0);
    }

    void markInterrupted()
    {
        const qint64 id = m_store->createConversation({}, u"Crash"_s);
        const qint64 u = m_store->insertTurn(id, 0, userTurn(u"q"_s));
        const qint64 waiting = m_store->insertTurn(id, u, modelTurn(u""_s, ChatTurn::State::Waiting));
        const qint64 streaming = m_store->insertTurn(id, u, modelTurn(u"half"_s, ChatTurn::State::Streaming));
        const qint64 stopped = m_store->insertTurn(id, u, modelTurn(u"stop"_s, ChatTurn::State::Stopped));
        QCOMPARE(m_store->markInterrupted(), 2);
        QCOMPARE(m_store->turn(waiting)->state, ChatTurn::State::Interrupted);
        QCOMPARE(m_store->turn(streaming)->state, ChatTurn::State::Interrupted);
        QCOMPARE(m_store->turn(streaming)->markdown(), u"half"_s);
        QCOMPARE(m_store->turn(stopped)->state, ChatTurn::State::Stopped);
        QCOMPARE(m_store->turn(u)->state, ChatTurn::State::Done);
        QCOMPARE(m_store->markInterrupted(), 0);
    }

    void trashRestorePurge()
    {
        const QByteArray kept = "kept bytes";
        const QByteArray shared = "shared bytes";
        const QByteArray onlyTrashed = "only in the trashed one";
        const qint64 keep = m_store->createConversation({}, u"Keep zebra"_s);
        ChatTurn k = userTurn(u"zebra keep"_s);
        k.attachments = {{{}, kept, u"text/plain"_s, u"k"_s}, {{}, shared, u"text/plain"_s, u"s"_s}};
        QVERIFY(m_store->insertTurn(keep, 0, k));
        const qint64 gone = m_store->createConversation({}, u"Gone zebra"_s);
        ChatTurn g = userTurn(u"zebra gone"_s);
        g.attachments = {{{}, shared, u"text/plain"_s, u"s"_s}, {{}, onlyTrashed, u"text/plain"_s, u"o"_s}};
        QVERIFY(m_store->insertTurn(gone, 0, g));
        QCOMPARE(m_store->search(u"zebra"_s).size(), 4);

        QSignalSpy changed(m_store.get(), &ConversationStore::conversationsChanged);
        QVERIFY(m_store->moveToTrash(gone));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(m_store->conversationCount(), 1);
        QCOMPARE(m_store->conversations().size(), 1);
        const QList<SearchHit> hits = m_store->search(u"zebra"_s);
        QCOMPARE(hits.size(), 2);
        for (const SearchHit &hit : hits)
            QCOMPARE(hit.conversationId, keep);
        // Still referenced while an undo is possible.
        QVERIFY(m_store->referencedBlobs().value_or(QSet<QString> {}).contains(sha256Of(onlyTrashed)));

        QVERIFY(m_store->restoreFromTrash(gone));
        QCOMPARE(m_store->conversationCount(), 2);
        QCOMPARE(m_store->search(u"zebra"_s).size(), 4);

        QVERIFY(m_store->moveToTrash(gone));
        QVERIFY(m_store->purgeTrash());
        QVERIFY(!m_store->summary(gone));
        QVERIFY(m_store->path(gone).isEmpty());
        QCOMPARE(
            m_store->referencedBlobs().value_or(QSet<QString> {}), (QSet<QString> {sha256Of(kept), sha256Of(shared)}));
        QCOMPARE(rowCount(u"blobs"_s), 2);
        QCOMPARE(m_store->search(u"zebra"_s).size(), 2);
        QVERIFY(!m_store->restoreFromTrash(gone));
        QVERIFY(m_store->purgeTrash()); // nothing to do
        // The app's part: the blob files no one references go.
        QCOMPARE(m_blobs->collectGarbage(m_store->referencedBlobs().value()), 1);
        QVERIFY(!m_blobs->contains(sha256Of(onlyTrashed)));
        QVERIFY(m_blobs->contains(sha256Of(shared)));
    }

    void duplicate()
    {
        const ConversationSettings settings = richSettings();
        const qint64 id = m_store->createConversation(settings, u"Original"_s, TitleSource::User);
        const qint64 u1 = m_store->insertTurn(id, 0, userTurn(u"U1"_s));
        m_store->insertTurn(id, u1, modelTurn(u"hidden"_s));
        m_store->insertTurn(id, u1, modelTurn(u"shown"_s));
        QVERIFY(m_store->setPinned(id, true));

        const qint64 copy = m_store->duplicate(id);
        QVERIFY(copy && copy != id);
        QCOMPARE(m_store->summary(copy)->title, u"Original (copy)"_s);
        QVERIFY(!m_store->summary(copy)->pinned);
        QCOMPARE(*m_store->settings(copy), settings);
        const Conversation original = m_store->path(id);
        const Conversation duplicated = m_store->path(copy);
        QCOMPARE(texts(duplicated), (QStringList {u"U1"_s, u"shown"_s}));
        QCOMPARE(branchesOf(duplicated), u"1/1 1/1"_s); // only the visible path is copied
        QCOMPARE(duplicated.at(1).candidates, original.at(1).candidates);
        QVERIFY(duplicated.at(0).storeId != original.at(0).storeId);
        QCOMPARE(branchesOf(original), u"1/1 2/2"_s);
        QCOMPARE(m_store->duplicate(55555), 0);
        QCOMPARE(m_store->duplicate(m_store->createConversation({}, u"Empty"_s)) != 0, true);
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected"); // snippets or titles, without marks, in any order
        QTest::newRow("prefix") << u"prot"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("two words, one turn") << u"simple prot"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("words in different turns") << u"protocol banana"_s << QStringList {};
        QTest::newRow("case") << u"PROTOCOL"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("diacritics in text") << u"cafe"_s << QStringList {u"Un café crème"_s};
        QTest::newRow("diacritics in query") << u"crème"_s << QStringList {u"Un café crème"_s};
        QTest::newRow("title") << u"garden"_s << QStringList {u"Garden planning"_s};
        QTest::newRow("title and turn") << u"banana"_s << QStringList {u"Banana bread"_s, u"banana split recipe"_s};
        QTest::newRow("empty") << QString() << QStringList {};
        QTest::newRow("spaces") << u"   \t "_s << QStringList {};
        QTest::newRow("quote") << u"\""_s << QStringList {};
        QTest::newRow("quoted word") << u"\"protocol"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("star") << u"*"_s << QStringList {};
        QTest::newRow("NEAR(") << u"NEAR(protocol"_s << QStringList {};
        QTest::newRow("minus") << u"-protocol"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("AND") << u"protocol AND"_s << QStringList {};
        QTest::newRow("OR NOT") << u"OR NOT"_s << QStringList {};
        QTest::newRow("column filter") << u"text:protocol"_s << QStringList {};
        QTest::newRow("caret braces") << u"^{prot}"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("marks in query") << u"\u0002prot\u0003"_s << QStringList {u"The protocol is simple"_s};
        QTest::newRow("trashed") << u"secret"_s << QStringList {};
        QTest::newRow("huge") << QString(100000, u'x') << QStringList {};
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        const qint64 a = conversationWith({u"The protocol is simple"_s, u"Un café crème"_s}, u"Notes"_s);
        conversationWith({u"banana split recipe"_s, u"sure"_s}, u"Banana bread"_s);
        conversationWith({u"hello"_s}, u"Garden planning"_s);
        const qint64 trashed = conversationWith({u"a secret turn"_s}, u"secret title"_s);
        QVERIFY(a && trashed);
        QVERIFY(m_store->moveToTrash(trashed));

        QSignalSpy failed(m_store.get(), &ConversationStore::failed);
        const QList<SearchHit> hits = m_store->search(query);
        QCOMPARE(failed.size(), 0);
        QStringList found;
        for (const SearchHit &hit : hits) {
            QString plain = hit.snippet;
            plain.remove(SearchHit::MarkStart).remove(SearchHit::MarkEnd);
            found.append(plain);
            QVERIFY(hit.snippet.contains(SearchHit::MarkStart));
            QVERIFY(hit.snippet.contains(SearchHit::MarkEnd));
            QVERIFY(hit.conversationId != 0);
            QVERIFY(!hit.title.isEmpty());
            QVERIFY(hit.updated.isValid());
            if (hit.turnId != 0)
                QCOMPARE(m_store->conversationOf(hit.turnId), hit.conversationId);
            else
                QCOMPARE(hit.snippet.count(SearchHit::MarkStart) > 0, true);
        }
        found.sort();
        expected.sort();
        QCOMPARE(found, expected);
    }

    void searchDetails()
    {
        const qint64 id = conversationWith({u"alpha beta gamma delta"_s}, u"Greek letters"_s);
        QList<SearchHit> hits = m_store->search(u"beta"_s);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).snippet, u"alpha \u0002beta\u0003 gamma delta"_s);
        QCOMPARE(hits.at(0).title, u"Greek letters"_s);
        QCOMPARE(hits.at(0).turnId, m_store->path(id).at(0).storeId);
        hits = m_store->search(u"greek"_s);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).turnId, 0);
        QCOMPARE(hits.at(0).snippet, u"\u0002Greek\u0003 letters"_s);

        // Marks typed by the user never reach the index.
        conversationWith({u"odd \u0002marked\u0003 text"_s});
        hits = m_store->search(u"marked"_s);
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.at(0).snippet, u"odd \u0002marked\u0003 text"_s);

        // The limit, with more hits than it, and with hits skipped in the trash between them.
        for (int i = 0; i < 30; ++i) {
            const qint64 c = conversationWith({u"common word %1"_s.arg(i)});
            if (i % 3 == 0)
                QVERIFY(m_store->moveToTrash(c));
        }
        QCOMPARE(m_store->search(u"common"_s, 5).size(), 5);
        QCOMPARE(m_store->search(u"common"_s, 100).size(), 20);
        QCOMPARE(m_store->search(u"common"_s, 0).size(), 0);
        // Best first: a turn that is mostly the word ranks above one that mentions it once.
        conversationWith({u"kiwi"_s});
        conversationWith({u"a long text that mentions kiwi once among many many other words here"_s});
        hits = m_store->search(u"kiwi"_s);
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.at(0).snippet, u"\u0002kiwi\u0003"_s);
    }

    void searchCommonWord()
    {
        // More turns with the word than bm25 ranks quickly: the newest come first, and the search
        // still answers (with the limit) and skips the trash.
        ConversationRecord record;
        record.summary.title = u"Many"_s;
        for (int i = 0; i < ConversationStore::CommonRows + 50; ++i)
            record.turns.append(i % 2 ? modelTurn(u"everywhere %1"_s.arg(i)) : userTurn(u"everywhere %1"_s.arg(i)));
        const QList<qint64> ids = m_store->importRecords({record});
        QCOMPARE(ids.size(), 1);
        const qint64 newer = conversationWith({u"everywhere newest"_s, u"x"_s});
        const qint64 trashed = conversationWith({u"everywhere trashed"_s});
        QVERIFY(m_store->moveToTrash(trashed));
        const QList<SearchHit> hits = m_store->search(u"everywh"_s, 10);
        QCOMPARE(hits.size(), 10);
        QCOMPARE(hits.at(0).conversationId, newer);
        QCOMPARE(hits.at(0).snippet, u"\u0002everywhere\u0003 newest"_s);
        for (qsizetype i = 1; i < hits.size(); ++i) {
            QCOMPARE(hits.at(i).conversationId, ids.at(0));
            QVERIFY(hits.at(i).turnId < hits.at(i - 1).turnId);
        }
        // With a rare word beside it, too.
        QCOMPARE(m_store->search(u"everywhere newest"_s).size(), 1);
    }

    void importAllOrNothing()
    {
        ConversationRecord good;
        good.summary.title = u"Imported"_s;
        good.summary.titleSource = TitleSource::User;
        good.summary.created = QDateTime::fromMSecsSinceEpoch(1'600'000'000'000, QTimeZone::utc());
        good.summary.updated = QDateTime::fromMSecsSinceEpoch(1'600'000'500'000, QTimeZone::utc());
        good.summary.pinned = true;
        good.settings = richSettings();
        good.turns = {userTurn(u"imported question"_s), modelTurn(u"imported answer"_s)};
        good.turns[0].attachments.append({{}, QByteArray("imported blob"), u"text/plain"_s, u"i.txt"_s});
        ConversationRecord poison = good;
        poison.summary.title = u"poison"_s;

        QSqlQuery trigger(m_db->connection());
        QVERIFY2(trigger.exec(u"CREATE TEMP TRIGGER poison BEFORE INSERT ON main.conversations "
                              "WHEN new.title = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned record'); END"_s),
            qPrintable(trigger.lastError().text()));
        const int conversationsBefore = rowCount(u"conversations"_s);
        QSignalSpy changed(m_store.get(), &ConversationStore::conversationsChanged);
        QSignalSpy failed(m_store.get(), &ConversationStore::failed);
        QVERIFY(m_store->importRecords({good, poison, good}).isEmpty());
        QCOMPARE(failed.size(), 1);
        QVERIFY(m_store->lastError().contains(u"poisoned record"_s));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(rowCount(u"conversations"_s), conversationsBefore);
        QCOMPARE(rowCount(u"turns"_s), 0);
        QCOMPARE(rowCount(u"turn_blobs"_s), 0);
        QVERIFY(m_store->search(u"imported"_s).isEmpty());

        const QList<qint64> ids = m_store->importRecords({good, good});
        QCOMPARE(ids.size(), 2);
        QCOMPARE(changed.size(), 1);
        const std::optional<ConversationRecord> back = m_store->record(ids.at(0));
        QVERIFY(back);
        QCOMPARE(back->summary.title, good.summary.title);
        QCOMPARE(back->summary.titleSource, TitleSource::User);
        QCOMPARE(back->summary.created, good.summary.created);
        QCOMPARE(back->summary.updated, good.summary.updated);
        QVERIFY(back->summary.pinned);
        QCOMPARE(back->summary.turnCount, 2);
        QCOMPARE(back->settings, good.settings);
        QCOMPARE(back->turns.size(), 2);
        QCOMPARE(back->turns.at(0).text, u"imported question"_s);
        QCOMPARE(back->turns.at(0).attachmentHashes, QStringList {sha256Of("imported blob")});
        QCOMPARE(back->turns.at(1).candidates, good.turns.at(1).candidates);
        QVERIFY(!m_store->record(424242));
        QVERIFY(m_store->importRecords({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(Tst_conversationstore)
#include "tst_conversationstore.moc"
