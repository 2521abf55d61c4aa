#include "chat/chatmodel.h"
#include "messagedelegate.h"
#include "messagedocument.h"
#include "support/turns.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QImage>
#include <QJsonObject>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFrame>
#include <QTextTable>

using namespace Qt::StringLiterals;

namespace {

ChatTurn modelTurn(const QList<Part> &parts, ChatTurn::State state = ChatTurn::State::Done)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.model = u"gemini-test"_s;
    turn.state = state;
    Candidate candidate;
    candidate.content.role = u"model"_s;
    candidate.content.parts = parts;
    candidate.finishReason = u"STOP"_s;
    turn.candidates = {candidate};
    return turn;
}

ChatTurn modelTurn(const QString &markdown, ChatTurn::State state = ChatTurn::State::Done)
{
    return modelTurn(QList<Part> {Part::fromText(markdown)}, state);
}

QStyleOptionViewItem optionFor(int width, int height = 100, int y = 0)
{
    QStyleOptionViewItem option;
    option.rect = QRect(0, y, width, height);
    option.font = QApplication::font();
    option.palette = QApplication::palette();
    return option;
}

// The row's option with the height the delegate asks for.
QStyleOptionViewItem fittedOption(const MessageDelegate &delegate, const QModelIndex &index, int width = 800)
{
    const int height = delegate.sizeHint(optionFor(width), index).height();
    return optionFor(width, height);
}

int countTables(QTextFrame *frame)
{
    int tables = 0;
    const QList<QTextFrame *> children = frame->childFrames();
    for (QTextFrame *child : children) {
        if (qobject_cast<QTextTable *>(child))
            ++tables;
        tables += countTables(child);
    }
    return tables;
}

QStringList anchorsOf(const QTextDocument &document)
{
    QStringList anchors;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (format.isAnchor() && !anchors.contains(format.anchorHref()))
                anchors << format.anchorHref();
        }
    }
    return anchors;
}

} // namespace

class tst_MessageDelegate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { MessageDelegate::setLinkOpener({}); }

    void modelDocument_data();
    void modelDocument();
    void documentPerState_data();
    void documentPerState();
    void userDocumentIsPlainText();
    void groundingSources();
    void codeBlocksAndCopyButtons();
    void linkPolicy_data();
    void linkPolicy();
    void clickOnLinkOpensIt();
    void remoteResourcesAreNeverLoaded();
    void cacheIsBounded();
    void streamingAppendsOnlyTheSuffix();
    void heightsFollowTheWidth();
    void footerButtons_data();
    void footerButtons();
    void branchButtons_data();
    void branchButtons();
    void noteIsShownUnderTheTurn();
};

void tst_MessageDelegate::modelDocument_data()
{
    QTest::addColumn<QList<Part>>("parts");
    QTest::addColumn<QStringList>("expectedText");
    QTest::addColumn<int>("tables");
    QTest::addColumn<int>("codeBlocks");

    QTest::newRow("heading and list") << QList<Part> {Part::fromText(u"# Title\n\n- one\n- two\n"_s)}
                                      << QStringList {u"Title"_s, u"one"_s, u"two"_s} << 0 << 0;
    QTest::newRow("table") << QList<Part> {Part::fromText(u"| a | b |\n|---|---|\n| 1 | 2 |\n"_s)}
                           << QStringList {u"a"_s, u"2"_s} << 1 << 0;
    QTest::newRow("code block") << QList<Part> {Part::fromText(u"Look:\n\n```cpp\nint x = 1;\nint y = 2;\n```\n"_s)}
                                << QStringList {u"Look:"_s, u"int x = 1;"_s} << 0 << 1;
    QTest::newRow("no html") << QList<Part> {Part::fromText(u"<b>bold</b> <script>alert(1)</script>"_s)}
                             << QStringList {u"<b>bold</b>"_s} << 0 << 0;

    Part call;
    call.kind = Part::Kind::FunctionCall;
    call.functionName = u"get_weather"_s;
    call.functionPayload = QJsonObject {{u"city"_s, u"Oslo"_s}};
    QTest::newRow("function call") << QList<Part> {Part::fromText(u"Calling."_s), call}
                                   << QStringList {u"Function call"_s, u"get_weather"_s, u"\"city\": \"Oslo\""_s} << 0
                                   << 1;

    Part code;
    code.kind = Part::Kind::ExecutableCode;
    code.language = u"PYTHON"_s;
    code.code = u"print(6 * 7)"_s;
    Part result;
    result.kind = Part::Kind::CodeExecutionResult;
    result.outcome = u"OUTCOME_OK"_s;
    result.output = u"42\n"_s;
    QTest::newRow("code execution") << QList<Part> {Part::fromText(u"Let me compute."_s), code, result}
                                    << QStringList {u"print(6 * 7)"_s, u"Output"_s, u"42"_s} << 0 << 2;

    Part failed = result;
    failed.outcome = u"OUTCOME_FAILED"_s;
    failed.output = u"Traceback"_s;
    QTest::newRow("failed execution") << QList<Part> {failed} << QStringList {u"Output (failed)"_s, u"Traceback"_s} << 0
                                      << 1;

    QTest::newRow("image") << QList<Part> {Part::fromInlineData(u"image/png"_s, QByteArray(2048, 'x'))}
                           << QStringList {u"[image: image/png"_s} << 0 << 0;
}

void tst_MessageDelegate::modelDocument()
{
    QFETCH(QList<Part>, parts);
    QFETCH(QStringList, expectedText);
    QFETCH(int, tables);
    QFETCH(int, codeBlocks);

    MessageDocument document;
    document.setTextWidth(600);
    ChatTurn turn = modelTurn(parts);
    turn.id = 7;
    document.update(turn);
    const QString text = document.toPlainText();
    for (const QString &expected : expectedText)
        QVERIFY2(text.contains(expected), qPrintable(text));
    QCOMPARE(countTables(document.rootFrame()), tables);
    QCOMPARE(document.codeBlocks().size(), codeBlocks);
    QVERIFY(!document.isStreaming());
}

void tst_MessageDelegate::documentPerState_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("streaming");
    QTest::addColumn<bool>("extrasShown");

    QTest::newRow("waiting") << int(ChatTurn::State::Waiting) << true << false;
    QTest::newRow("streaming") << int(ChatTurn::State::Streaming) << true << false;
    QTest::newRow("done") << int(ChatTurn::State::Done) << false << true;
    QTest::newRow("stopped") << int(ChatTurn::State::Stopped) << false << true;
    QTest::newRow("failed") << int(ChatTurn::State::Failed) << false << true;
    QTest::newRow("truncated") << int(ChatTurn::State::Truncated) << false << true;
    QTest::newRow("filtered") << int(ChatTurn::State::Filtered) << false << true;
}

void tst_MessageDelegate::documentPerState()
{
    QFETCH(int, state);
    QFETCH(bool, streaming);
    QFETCH(bool, extrasShown);

    Part code;
    code.kind = Part::Kind::ExecutableCode;
    code.language = u"PYTHON"_s;
    code.code = u"print('hi')"_s;
    ChatTurn turn
        = modelTurn({Part::fromText(u"Partial **answer**\n\nstill arriving"_s), code}, ChatTurn::State(state));
    turn.id = 3;
    MessageDocument document;
    document.update(turn);
    QCOMPARE(document.isStreaming(), streaming);
    QVERIFY(document.toPlainText().startsWith(u"Partial answer"_s));
    QCOMPARE(document.toPlainText().contains(u"print('hi')"_s), extrasShown);
    if (!streaming)
        QVERIFY(!document.toPlainText().contains(u"**"_s));

    // The same turn again costs nothing; a new revision of a finished turn is built again.
    const int builds = document.buildCount();
    document.update(turn);
    QCOMPARE(document.buildCount(), builds);
}

void tst_MessageDelegate::userDocumentIsPlainText()
{
    ChatTurn turn = userTurn(u"# not a heading\n*literal*"_s);
    turn.id = 1;
    MessageDocument document;
    document.update(turn);
    QVERIFY(document.isUser());
    QCOMPARE(document.toPlainText(), turn.text);
    QVERIFY(document.codeBlocks().isEmpty());
}

void tst_MessageDelegate::groundingSources()
{
    ChatTurn turn = modelTurn(u"The answer."_s);
    turn.id = 9;
    Candidate &candidate = turn.candidates[0];
    candidate.groundingMetadata.raw = QJsonObject {{u"x"_s, 1}};
    candidate.groundingMetadata.webSearchQueries = {u"weather oslo"_s};
    candidate.groundingMetadata.chunks = {
        {u"https://example.com/a"_s, u"Example [A]"_s},
        {u"javascript:alert(1)"_s, u"Evil"_s},
        {u"http://example.org/b(1)"_s, QString()},
    };
    CitationSource citation;
    citation.uri = u"https://cite.example/x"_s;
    citation.title = u"Paper"_s;
    citation.license = u"CC-BY"_s;
    candidate.citations = {citation, CitationSource {{}, {}, u"file:///etc/passwd"_s, u"Local"_s, {}}};

    MessageDocument document;
    document.update(turn);
    const QString text = document.toPlainText();
    QVERIFY2(text.contains(u"Sources"_s), qPrintable(text));
    QVERIFY(text.contains(u"Example [A]"_s));
    QVERIFY(!text.contains(u"Evil"_s));
    QVERIFY(text.contains(u"Citations"_s));
    QVERIFY(text.contains(u"Paper"_s));
    QVERIFY(!text.contains(u"Local"_s));
    QVERIFY(text.contains(u"weather oslo"_s));
    const QStringList anchors = anchorsOf(document);
    QCOMPARE(anchors.size(), 3);
    for (const QString &anchor : anchors) {
        const QString scheme = QUrl(anchor).scheme();
        QVERIFY2(scheme == "http"_L1 || scheme == "https"_L1, qPrintable(anchor));
    }
    QVERIFY(anchors.contains(u"http://example.org/b%281%29"_s));
}

void tst_MessageDelegate::codeBlocksAndCopyButtons()
{
    ChatModel model;
    const int row = model.appendTurn(
        modelTurn(u"First:\n\n```python\nprint(1)\nprint(2)\n```\n\nThen:\n\n```bash\nls -l\n```\n\nDone."_s));
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;
    const QStyleOptionViewItem option = fittedOption(delegate, index);
    MessageDocument *document = delegate.document(option, index);
    const QList<MessageDocument::CodeBlock> blocks = document->codeBlocks();
    QCOMPARE(blocks.size(), 2);
    QCOMPARE(blocks.at(0).text, u"print(1)\nprint(2)"_s);
    QCOMPARE(blocks.at(1).text, u"ls -l"_s);
    QVERIFY(blocks.at(0).rect.bottom() <= blocks.at(1).rect.top());

    const QRect text = delegate.textRect(option, index);
    const QList<QRect> buttons = delegate.codeCopyButtonRects(option, index);
    QCOMPARE(buttons.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const QRectF block = blocks.at(i).rect.translated(text.topLeft());
        QVERIFY(text.contains(buttons.at(i)));
        QVERIFY(block.contains(buttons.at(i).center()));
        QVERIFY(buttons.at(i).center().x() > block.center().x()); // on the right
    }
    QVERIFY(delegate.isClickable(option, index, buttons.at(1).center()));
    QVERIFY(!delegate.isClickable(option, index, text.topLeft() + QPoint(2, 2)));
}

void tst_MessageDelegate::linkPolicy_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("opened");

    QTest::newRow("http") << u"http://example.com/page"_s << true;
    QTest::newRow("https") << u"https://example.com/?q=1"_s << true;
    QTest::newRow("HTTPS upper case") << u"HTTPS://example.com/"_s << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_s << false;
    QTest::newRow("file") << u"file:///etc/passwd"_s << false;
    QTest::newRow("data") << u"data:text/html,<b>x</b>"_s << false;
    QTest::newRow("mailto") << u"mailto:someone@example.com"_s << false;
    QTest::newRow("relative") << u"/just/a/path"_s << false;
    QTest::newRow("no host") << u"http:nohost"_s << false;
}

void tst_MessageDelegate::linkPolicy()
{
    QFETCH(QString, url);
    QFETCH(bool, opened);
    QList<QUrl> calls;
    MessageDelegate::setLinkOpener([&](const QUrl &link) {
        calls << link;
        return true;
    });
    QCOMPARE(MessageDelegate::openLink(QUrl(url)), opened);
    QCOMPARE(calls.size(), opened ? 1 : 0);
}

void tst_MessageDelegate::clickOnLinkOpensIt()
{
    QList<QUrl> calls;
    MessageDelegate::setLinkOpener([&](const QUrl &link) {
        calls << link;
        return true;
    });
    ChatModel model;
    const int row = model.appendTurn(modelTurn(u"[site](https://example.com/x) and [bad](javascript:alert(1))"_s));
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;
    const QStyleOptionViewItem option = fittedOption(delegate, index);
    MessageDocument *document = delegate.document(option, index);
    const QRect text = delegate.textRect(option, index);

    // The first character of each link, found through the layout.
    const auto pointOf = [&](const QString &word) {
        const int position = document->toPlainText().indexOf(word);
        QTextCursor cursor(document);
        cursor.setPosition(position);
        const QTextLine line = cursor.block().layout()->lineForTextPosition(position - cursor.block().position());
        const QPointF inBlock(line.cursorToX(position - cursor.block().position()) + 2, line.y() + line.height() / 2);
        const QRectF block = document->documentLayout()->blockBoundingRect(cursor.block());
        return (block.topLeft() + inBlock).toPoint() + text.topLeft();
    };
    for (const QString &word : {u"site"_s, u"bad"_s}) {
        const QPoint point = pointOf(word);
        QMouseEvent press(QEvent::MouseButtonPress, point, point, Qt::LeftButton, Qt::LeftButton, {});
        QMouseEvent release(QEvent::MouseButtonRelease, point, point, Qt::LeftButton, {}, {});
        QVERIFY(delegate.editorEvent(&press, &model, option, index));
        QVERIFY(delegate.editorEvent(&release, &model, option, index));
    }
    QCOMPARE(calls, QList<QUrl> {QUrl(u"https://example.com/x"_s)});
}

void tst_MessageDelegate::remoteResourcesAreNeverLoaded()
{
    MessageDocument document;
    QVERIFY(document.loadResource(QTextDocument::ImageResource, QUrl(u"http://example.com/a.png"_s)).isNull());
    QVERIFY(document.loadResource(QTextDocument::ImageResource, QUrl(u"https://example.com/a.png"_s)).isNull());
    QVERIFY(document.loadResource(QTextDocument::ImageResource, QUrl(u"file:///etc/hostname"_s)).isNull());
    QVERIFY(document.loadResource(QTextDocument::ImageResource, QUrl(u"data:image/png;base64,AAAA"_s)).isNull());

    // An image in an answer lays out without anything fetched or read.
    ChatTurn turn = modelTurn(u"![tracker](http://example.com/pixel.png) ![local](file:///etc/hostname)"_s);
    turn.id = 4;
    document.update(turn);
    document.setTextWidth(500);
    QVERIFY(document.size().height() > 0);
    QVERIFY(document.resource(QTextDocument::ImageResource, QUrl(u"http://example.com/pixel.png"_s)).isNull());
    QVERIFY(document.resource(QTextDocument::ImageResource, QUrl(u"file:///etc/hostname"_s)).isNull());

    std::unique_ptr<MessageDocument> copy(document.cloneForReading(nullptr));
    QCOMPARE(copy->toPlainText(), document.toPlainText());
    QVERIFY(copy->loadResource(QTextDocument::ImageResource, QUrl(u"file:///etc/hostname"_s)).isNull());
}

void tst_MessageDelegate::cacheIsBounded()
{
    ChatModel model;
    for (int i = 0; i < 500; ++i) {
        if (i % 2 == 0)
            model.appendTurn(userTurn(u"Question %1"_s.arg(i)));
        else
            model.appendTurn(modelTurn(u"Answer %1 with **bold** and `code`.\n\n- a\n- b\n"_s.arg(i)));
    }
    MessageDelegate delegate;
    QImage image(800, 400, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const QStyleOptionViewItem option = fittedOption(delegate, index);
        delegate.paint(&painter, option, index);
        QVERIFY(delegate.cachedDocumentCount() <= delegate.cacheLimit());
    }
    QCOMPARE(delegate.cachedDocumentCount(), delegate.cacheLimit());
    QCOMPARE(delegate.cacheLimit(), MessageDelegate::DefaultCacheSize);
}

void tst_MessageDelegate::streamingAppendsOnlyTheSuffix()
{
    ChatModel model;
    model.appendTurn(userTurn(u"Tell me"_s));
    ChatTurn waiting = modelTurn(QList<Part> {}, ChatTurn::State::Waiting);
    waiting.candidates.clear();
    const int row = model.appendTurn(waiting);
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;

    const QString answer
        = u"# Plan\n\nFirst a paragraph that goes on.\n\n- item one\n- item two\n\n"
          u"```python\nfor i in range(3):\n    print(i)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe end."_s;
    MessageDocument *document = delegate.document(optionFor(800), index);
    const int builds = document->buildCount();
    for (qsizetype at = 0; at < answer.size(); at += 7) {
        model.appendText(row, 0, answer.mid(at, 7));
        model.flush();
        document = delegate.document(optionFor(800), index);
        QCOMPARE(document->rendererMarkdown(), index.data(ChatModel::TextRole).toString());
        QVERIFY(document->isStreaming());
    }
    QCOMPARE(document->buildCount(), builds); // the waiting document was only appended to

    model.updateTurn(row, [](ChatTurn &turn) { turn.state = ChatTurn::State::Done; });
    document = delegate.document(optionFor(800), index);
    QVERIFY(!document->isStreaming());
    QCOMPARE(document->buildCount(), builds);
    QCOMPARE(countTables(document->rootFrame()), 1);
    QCOMPARE(document->codeBlocks().size(), 1);
    QVERIFY(!document->toPlainText().contains(u"```"_s));
}

void tst_MessageDelegate::heightsFollowTheWidth()
{
    ChatModel model;
    QString text;
    for (int i = 0; i < 40; ++i)
        text += u"A sentence of an answer that wraps. "_s;
    const int row = model.appendTurn(modelTurn(text));
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;
    delegate.setViewWidth(900);
    const QSize wide = delegate.sizeHint(optionFor(900), index);
    delegate.document(optionFor(900), index); // measured precisely from now on
    delegate.setViewWidth(400);
    const QSize narrow = delegate.sizeHint(optionFor(400), index);
    QCOMPARE(wide.width(), 900);
    QCOMPARE(narrow.width(), 400);
    QVERIFY2(narrow.height() > wide.height() * 1.5, qPrintable(u"%1 vs %2"_s.arg(narrow.height()).arg(wide.height())));

    // The column never grows beyond MaxContentWidth: a very wide view gives the same height.
    delegate.setViewWidth(3000);
    const int veryWide = delegate.sizeHint(optionFor(3000), index).height();
    delegate.setViewWidth(MessageDelegate::MaxContentWidth + 40);
    QCOMPARE(delegate.sizeHint(optionFor(MessageDelegate::MaxContentWidth + 40), index).height(), veryWide);
}

void tst_MessageDelegate::footerButtons_data()
{
    using B = MessageDelegate::Button;
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("last");
    QTest::addColumn<QList<B>>("shown");
    QTest::addColumn<QList<B>>("hidden");

    QTest::newRow("done, last") << int(ChatTurn::State::Done) << true << QList<B> {B::Copy, B::Regenerate}
                                << QList<B> {B::Retry, B::Continue, B::Edit, B::PreviousCandidate};
    QTest::newRow("done, earlier") << int(ChatTurn::State::Done) << false << QList<B> {B::Copy}
                                   << QList<B> {B::Regenerate, B::Retry, B::Continue};
    QTest::newRow("failed") << int(ChatTurn::State::Failed) << true << QList<B> {B::Retry}
                            << QList<B> {B::Regenerate, B::Continue};
    QTest::newRow("stopped") << int(ChatTurn::State::Stopped) << true << QList<B> {B::Retry, B::Regenerate}
                             << QList<B> {B::Continue};
    QTest::newRow("truncated") << int(ChatTurn::State::Truncated) << true << QList<B> {B::Continue, B::Regenerate}
                               << QList<B> {B::Retry};
    QTest::newRow("filtered") << int(ChatTurn::State::Filtered) << true << QList<B> {B::Regenerate}
                              << QList<B> {B::Retry, B::Continue};
    QTest::newRow("streaming") << int(ChatTurn::State::Streaming) << true << QList<B> {}
                               << QList<B> {B::Copy, B::Regenerate, B::Retry};
    QTest::newRow("interrupted") << int(ChatTurn::State::Interrupted) << true << QList<B> {B::Retry, B::Regenerate}
                                 << QList<B> {B::Continue, B::PreviousBranch};
}

void tst_MessageDelegate::footerButtons()
{
    QFETCH(int, state);
    QFETCH(bool, last);
    QFETCH(QList<MessageDelegate::Button>, shown);
    QFETCH(QList<MessageDelegate::Button>, hidden);

    ChatModel model;
    model.appendTurn(userTurn(u"Hi"_s));
    const int row = model.appendTurn(modelTurn(u"Hello."_s, ChatTurn::State(state)));
    if (!last) {
        model.appendTurn(userTurn(u"More"_s));
        model.appendTurn(modelTurn(u"More."_s));
    }
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;
    const QStyleOptionViewItem option = fittedOption(delegate, index);
    for (MessageDelegate::Button button : shown)
        QVERIFY2(!delegate.buttonRect(option, index, button).isNull(), QTest::toString(button));
    for (MessageDelegate::Button button : hidden)
        QVERIFY2(delegate.buttonRect(option, index, button).isNull(), QTest::toString(button));
    // Everything lies inside the row.
    for (MessageDelegate::Button button : shown)
        QVERIFY(option.rect.contains(delegate.buttonRect(option, index, button)));

    const QModelIndex user = model.index(0);
    const QStyleOptionViewItem userOption = fittedOption(delegate, user);
    const bool busy = state == int(ChatTurn::State::Streaming);
    QCOMPARE(delegate.buttonRect(userOption, user, MessageDelegate::Button::Edit).isNull(), busy);
}

void tst_MessageDelegate::branchButtons_data()
{
    QTest::addColumn<bool>("userRow");
    QTest::addColumn<int>("branchIndex");
    QTest::addColumn<int>("branchCount");
    QTest::addColumn<QList<int>>("offsets"); // what a click on ‹ then › asks for

    QTest::newRow("answer 2 of 3") << false << 2 << 3 << QList<int> {-1, 1};
    QTest::newRow("answer 1 of 2") << false << 1 << 2 << QList<int> {1};
    QTest::newRow("question 3 of 3") << true << 3 << 3 << QList<int> {-1};
}

// An edited question or a regenerated answer shows ‹ n/N ›; a click asks for the neighbour, never
// past either end.
void tst_MessageDelegate::branchButtons()
{
    QFETCH(bool, userRow);
    QFETCH(int, branchIndex);
    QFETCH(int, branchCount);
    QFETCH(QList<int>, offsets);

    ChatModel model;
    model.appendTurn(userTurn(u"Hi"_s));
    model.appendTurn(modelTurn(u"Hello."_s));
    const int row = userRow ? 0 : 1;
    model.updateTurn(row, [&](ChatTurn &turn) {
        turn.branchIndex = branchIndex;
        turn.branchCount = branchCount;
    });
    const QModelIndex index = model.index(row);
    MessageDelegate delegate;
    QSignalSpy requests(&delegate, &MessageDelegate::branchRequested);
    const QStyleOptionViewItem option = fittedOption(delegate, index);
    for (MessageDelegate::Button button :
        {MessageDelegate::Button::PreviousBranch, MessageDelegate::Button::NextBranch}) {
        const QRect rect = delegate.buttonRect(option, index, button);
        QVERIFY(!rect.isNull());
        QVERIFY(option.rect.contains(rect));
        QMouseEvent press(QEvent::MouseButtonPress, rect.center(), rect.center(), Qt::LeftButton, Qt::LeftButton, {});
        QMouseEvent release(QEvent::MouseButtonRelease, rect.center(), rect.center(), Qt::LeftButton, {}, {});
        QVERIFY(delegate.editorEvent(&press, &model, option, index));
        QVERIFY(delegate.editorEvent(&release, &model, option, index));
    }
    QCOMPARE(requests.size(), offsets.size());
    for (int i = 0; i < offsets.size(); ++i) {
        QCOMPARE(requests.at(i).at(0).toInt(), row);
        QCOMPARE(requests.at(i).at(1).toInt(), offsets.at(i));
    }

    // While an answer arrives no other branch can be shown.
    model.appendTurn(userTurn(u"Next"_s));
    model.appendTurn(modelTurn(u""_s, ChatTurn::State::Streaming));
    const QStyleOptionViewItem busyOption = fittedOption(delegate, index);
    QVERIFY(delegate.buttonRect(busyOption, index, MessageDelegate::Button::PreviousBranch).isNull());
}

// What the app did to a turn (a file sent again) is written under it, and the row grows for it.
void tst_MessageDelegate::noteIsShownUnderTheTurn()
{
    ChatModel model;
    model.appendTurn(userTurn(u"Summarize the talk"_s));
    MessageDelegate delegate;
    const QModelIndex index = model.index(0);
    const int before = fittedOption(delegate, index).rect.height();
    model.updateTurn(
        0, [](ChatTurn &turn) { turn.note = u"talk.mp3 was sent again: the copy on the server had expired."_s; });
    delegate.clearCaches();
    const int after = fittedOption(delegate, index).rect.height();
    QVERIFY2(after > before, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));
}

QTEST_MAIN(tst_MessageDelegate)
#include "tst_messagedelegate.moc"
