#include "chat/chatmodel.h"
#include "chatview.h"
#include "messagedelegate.h"
#include "messagedocument.h"
#include "support/turns.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

ChatTurn modelTurn(const QString &markdown, ChatTurn::State state = ChatTurn::State::Done, int candidates = 1)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.model = u"gemini-test"_s;
    turn.state = state;
    for (int i = 0; i < candidates; ++i) {
        Candidate candidate;
        candidate.index = i;
        candidate.content.role = u"model"_s;
        candidate.content.parts = {Part::fromText(i == 0 ? markdown : u"Alternative %1"_s.arg(i))};
        turn.candidates.append(candidate);
    }
    return turn;
}

QString longAnswer(int paragraphs)
{
    QString text;
    for (int i = 0; i < paragraphs; ++i)
        text += u"Paragraph %1 of a long answer, long enough to wrap over a couple of lines in the view.\n\n"_s.arg(i);
    return text;
}

using Button = MessageDelegate::Button;

} // namespace

class tst_ChatView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void followsTheStream();
    void scrollingUpStopsFollowing();
    void footerButtonsEmitSignals_data();
    void footerButtonsEmitSignals();
    void copyMessageAndCodeBlock();
    void candidateArrows();
    void thoughtsToggleChangesHeight();
    void doubleClickOpensReader();
    void resizeRelaysTheRows();

private:
    void showView();
    // Waits until the row has its measured height (rows are estimated until painted).
    void settle(const QModelIndex &index);
    void click(const QModelIndex &index, Button button);
    QScrollBar *bar() const { return m_view->verticalScrollBar(); }

    std::unique_ptr<ChatModel> m_model;
    std::unique_ptr<ChatView> m_view;
};

void tst_ChatView::init()
{
    m_model = std::make_unique<ChatModel>();
    m_view = std::make_unique<ChatView>();
    m_view->resize(800, 600);
    m_view->setChatModel(m_model.get());
}

void tst_ChatView::cleanup()
{
    m_view.reset();
    m_model.reset();
}

void tst_ChatView::showView()
{
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_ChatView::settle(const QModelIndex &index)
{
    MessageDelegate *delegate = m_view->messageDelegate();
    const QStyleOptionViewItem option = m_view->optionForIndex(index);
    delegate->document(option, index);
    delegate->rowChanged(option, index);
    const int height = delegate->sizeHint(option, index).height();
    QTRY_COMPARE(m_view->visualRect(index).height(), height);
    QTRY_COMPARE(bar()->value(), bar()->maximum());
}

void tst_ChatView::click(const QModelIndex &index, Button button)
{
    m_view->scrollTo(index);
    QTRY_VERIFY(m_view->viewport()->rect().intersects(m_view->visualRect(index)));
    const QRect rect = m_view->messageDelegate()->buttonRect(m_view->optionForIndex(index), index, button);
    QVERIFY2(!rect.isNull(), QTest::toString(button));
    QVERIFY(m_view->viewport()->rect().contains(rect.center()));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, rect.center());
}

void tst_ChatView::followsTheStream()
{
    for (int i = 0; i < 10; ++i) {
        m_model->appendTurn(userTurn(u"Question %1"_s.arg(i)));
        m_model->appendTurn(modelTurn(longAnswer(3)));
    }
    showView();
    QTRY_VERIFY(bar()->maximum() > 0);
    QTRY_COMPARE(bar()->value(), bar()->maximum());
    QVERIFY(m_view->isFollowingLatest());
    QVERIFY(!m_view->jumpToLatestButton()->isVisible());

    m_model->appendTurn(userTurn(u"Tell me more"_s));
    ChatTurn waiting = modelTurn({}, ChatTurn::State::Waiting);
    waiting.candidates.clear();
    const int row = m_model->appendTurn(waiting);
    const int before = bar()->maximum();
    const QString answer = longAnswer(12);
    for (qsizetype at = 0; at < answer.size(); at += 40) {
        m_model->appendText(row, 0, answer.mid(at, 40));
        QTest::qWait(1); // the event loop runs between deltas, as with a network stream
    }
    m_model->flush();
    QTRY_VERIFY(bar()->maximum() > before + 200);
    QTRY_COMPARE(bar()->value(), bar()->maximum());
    QVERIFY(m_view->isFollowingLatest());
    // The bottom of the streaming row is in view.
    const QRect last = m_view->visualRect(m_model->index(row));
    QVERIFY(qAbs(last.bottom() - m_view->viewport()->rect().bottom()) <= 2);
}

void tst_ChatView::scrollingUpStopsFollowing()
{
    m_model->appendTurn(userTurn(u"Question"_s));
    ChatTurn streaming = modelTurn(longAnswer(30), ChatTurn::State::Streaming);
    const int row = m_model->appendTurn(streaming);
    showView();
    settle(m_model->index(row));

    QSignalSpy following(m_view.get(), &ChatView::followingLatestChanged);
    bar()->setValue(0);
    QVERIFY(!m_view->isFollowingLatest());
    QCOMPARE(following.size(), 1);
    QTRY_VERIFY(m_view->jumpToLatestButton()->isVisible());
    QVERIFY(m_view->viewport()->geometry().contains(m_view->jumpToLatestButton()->geometry()));

    // More text arrives: the reader stays where they are.
    const int before = bar()->maximum();
    m_model->appendText(row, 0, longAnswer(10));
    m_model->flush();
    QTRY_VERIFY(bar()->maximum() > before);
    QCOMPARE(bar()->value(), 0);
    QVERIFY(!m_view->isFollowingLatest());

    QTest::mouseClick(m_view->jumpToLatestButton(), Qt::LeftButton);
    QVERIFY(m_view->isFollowingLatest());
    QCOMPARE(bar()->value(), bar()->maximum());
    QTRY_VERIFY(!m_view->jumpToLatestButton()->isVisible());

    // And follows again.
    const int followed = bar()->maximum();
    m_model->appendText(row, 0, longAnswer(10));
    m_model->flush();
    QTRY_VERIFY(bar()->maximum() > followed);
    QTRY_COMPARE(bar()->value(), bar()->maximum());

    // Scrolling back down by hand resumes following too.
    bar()->setValue(0);
    QVERIFY(!m_view->isFollowingLatest());
    bar()->setValue(bar()->maximum());
    QVERIFY(m_view->isFollowingLatest());
    QTRY_VERIFY(!m_view->jumpToLatestButton()->isVisible());
}

void tst_ChatView::footerButtonsEmitSignals_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("onUserRow");
    QTest::addColumn<Button>("button");
    QTest::addColumn<QByteArray>("signal");

    QTest::newRow("regenerate") << int(ChatTurn::State::Done) << false << Button::Regenerate
                                << QByteArray(SIGNAL(regenerateRequested()));
    QTest::newRow("retry on failed") << int(ChatTurn::State::Failed) << false << Button::Retry
                                     << QByteArray(SIGNAL(retryRequested()));
    QTest::newRow("continue on truncated")
        << int(ChatTurn::State::Truncated) << false << Button::Continue << QByteArray(SIGNAL(continueRequested()));
    QTest::newRow("edit on user") << int(ChatTurn::State::Done) << true << Button::Edit
                                  << QByteArray(SIGNAL(editRequested(int)));
}

void tst_ChatView::footerButtonsEmitSignals()
{
    QFETCH(int, state);
    QFETCH(bool, onUserRow);
    QFETCH(Button, button);
    QFETCH(QByteArray, signal);

    m_model->appendTurn(userTurn(u"Hello"_s));
    m_model->appendTurn(modelTurn(u"Hi there."_s, ChatTurn::State(state)));
    showView();
    const QModelIndex index = m_model->index(onUserRow ? 0 : 1);

    QSignalSpy spy(m_view.get(), signal.constData());
    QSignalSpy regenerate(m_view.get(), &ChatView::regenerateRequested);
    QSignalSpy retry(m_view.get(), &ChatView::retryRequested);
    QSignalSpy continued(m_view.get(), &ChatView::continueRequested);
    QSignalSpy edit(m_view.get(), &ChatView::editRequested);
    click(index, button);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(regenerate.size() + retry.size() + continued.size() + edit.size(), 1); // that one only
    if (onUserRow)
        QCOMPARE(edit.at(0).at(0).toInt(), 0);
}

void tst_ChatView::copyMessageAndCodeBlock()
{
    const QString answer = u"Run this:\n\n```bash\necho hello\n```\n\nThen check."_s;
    m_model->appendTurn(userTurn(u"How?"_s));
    m_model->appendTurn(modelTurn(answer));
    showView();
    QSignalSpy copied(m_view.get(), &ChatView::copied);

    const QModelIndex index = m_model->index(1);
    click(index, Button::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), answer);
    QCOMPARE(copied.size(), 1);

    const QList<QRect> codeButtons
        = m_view->messageDelegate()->codeCopyButtonRects(m_view->optionForIndex(index), index);
    QCOMPARE(codeButtons.size(), 1);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, codeButtons.at(0).center());
    QCOMPARE(QGuiApplication::clipboard()->text(), u"echo hello"_s);
    QCOMPARE(copied.size(), 2);

    click(m_model->index(0), Button::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"How?"_s);
}

void tst_ChatView::candidateArrows()
{
    m_model->appendTurn(userTurn(u"Options?"_s));
    const int row = m_model->appendTurn(modelTurn(u"First"_s, ChatTurn::State::Done, 3));
    showView();
    const QModelIndex index = m_model->index(row);
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 0);

    click(index, Button::PreviousCandidate); // at the first: nothing
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 0);
    click(index, Button::NextCandidate);
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 1);
    QTRY_VERIFY(
        m_view->messageDelegate()->document(m_view->optionForIndex(index), index)->toPlainText() == u"Alternative 1"_s);
    click(index, Button::NextCandidate);
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 2);
    click(index, Button::NextCandidate); // at the last: nothing
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 2);
    click(index, Button::PreviousCandidate);
    QCOMPARE(index.data(ChatModel::ChosenCandidateRole).toInt(), 1);
}

void tst_ChatView::thoughtsToggleChangesHeight()
{
    m_model->appendTurn(userTurn(u"Think"_s));
    ChatTurn turn = modelTurn(u"The answer."_s);
    Part thought = Part::fromText(u"**Considering** the question from several sides, at some length.\n\nAnd more."_s);
    thought.thought = true;
    turn.candidates[0].content.parts.prepend(thought);
    const int row = m_model->appendTurn(turn);
    showView();
    const QModelIndex index = m_model->index(row);
    QTRY_VERIFY(m_view->visualRect(index).height() > 0);
    const int closed = m_view->visualRect(index).height();

    click(index, Button::ToggleThoughts);
    QVERIFY(m_view->messageDelegate()->isThoughtsOpen(index.data(ChatModel::TurnIdRole).toULongLong()));
    QTRY_VERIFY(m_view->visualRect(index).height() > closed + 20);

    click(index, Button::ToggleThoughts);
    QTRY_COMPARE(m_view->visualRect(index).height(), closed);
}

void tst_ChatView::doubleClickOpensReader()
{
    m_model->appendTurn(userTurn(u"Please select this text"_s));
    m_model->appendTurn(modelTurn(u"An answer with **bold** words."_s));
    showView();

    for (int row : {0, 1}) {
        const QModelIndex index = m_model->index(row);
        QTRY_VERIFY(m_view->visualRect(index).height() > 0);
        const QRect text = m_view->messageDelegate()->textRect(m_view->optionForIndex(index), index);
        QTest::mouseDClick(m_view->viewport(), Qt::LeftButton, {}, text.topLeft() + QPoint(3, 3));
        auto *reader = qobject_cast<QTextBrowser *>(m_view->reader());
        QVERIFY(reader);
        QVERIFY(reader->isReadOnly());
        QVERIFY(reader->isVisible());
        QCOMPARE(reader->geometry(), text);
        const QString expected = row == 0 ? u"Please select this text"_s : u"An answer with bold words."_s;
        QCOMPARE(reader->toPlainText(), expected);

        // Select all and copy with the keyboard.
        reader->setFocus();
        QTest::keyClick(reader, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(reader, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), expected);

        QTest::keyClick(reader, Qt::Key_Escape);
        QTRY_VERIFY(!m_view->reader());
    }
}

void tst_ChatView::resizeRelaysTheRows()
{
    m_model->appendTurn(userTurn(u"Question"_s));
    const int row = m_model->appendTurn(modelTurn(longAnswer(6)));
    showView();
    const QModelIndex index = m_model->index(row);
    QTRY_VERIFY(m_view->visualRect(index).height() > 0);
    const int wide = m_view->visualRect(index).height();
    m_view->resize(400, 600);
    QTRY_VERIFY(m_view->visualRect(index).height() > wide + 40);
    QTRY_COMPARE(bar()->value(), bar()->maximum());
}

QTEST_MAIN(tst_ChatView)
#include "tst_chatview.moc"
