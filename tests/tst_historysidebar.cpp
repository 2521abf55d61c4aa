#include "historysidebar.h"
#include "store/conversationlistmodel.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "support/turns.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime BaseTime = QDateTime(QDate(2024, 3, 12), QTime(9, 0), Qt::UTC);

} // namespace

class tst_HistorySidebar final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void relativeTime_data();
    void relativeTime();
    void snippetHtml_data();
    void snippetHtml();

    void widgetsAndPlaceholder();
    void listOrderAndUpdates();
    void newChatButton();
    void keyboardOpens();
    void clickOpens();
    void ctrlClickPicksSeveralToExport();
    void setCurrentSelectsWithoutSignals();
    void pinAndRenameKeepTheSelection();
    void f2RenamesInPlace_data();
    void f2RenamesInPlace();
    void escapeCancelsRename();
    void deleteAndUndo();
    void undoBarPurgesAfterTimeout();
    void secondDeletePurgesTheFirst();
    void destructorPurges();
    void contextMenuActions();
    void keyboardContextMenu();
    void searchShowsHitsAfterTheDelay();
    void searchKeyboard();
    void searchTitleHit();
    void searchNoResults();
    void hostileQueries_data();
    void hostileQueries();
    void ctrlFFocusesSearch();
    void downFromEmptySearchGoesToList();
    void tenThousandConversations();

private:
    qint64 add(const QString &title, int minutesAfterBase, const QStringList &prompts = {}, bool pinned = false);
    void showSidebar();
    QModelIndex rowIndex(qint64 conversationId) const;
    QList<qint64> selectedIds() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<HistorySidebar> m_sidebar;
};

void tst_HistorySidebar::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void tst_HistorySidebar::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(m_dir->filePath(u"history.sqlite"_s));
    QVERIFY2(m_database->open(), qPrintable(m_database->message()));
    m_store = std::make_unique<ConversationStore>(m_database.get());
    m_sidebar = std::make_unique<HistorySidebar>(m_store.get());
    m_sidebar->resize(320, 600);
}

void tst_HistorySidebar::cleanup()
{
    m_sidebar.reset();
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

qint64 tst_HistorySidebar::add(const QString &title, int minutesAfterBase, const QStringList &prompts, bool pinned)
{
    ConversationRecord record;
    record.summary.title = title;
    record.summary.created = BaseTime.addSecs(minutesAfterBase * 60);
    record.summary.updated = record.summary.created;
    record.summary.pinned = pinned;
    record.summary.model = u"gemini-test"_s;
    record.settings.model = u"gemini-test"_s;
    for (const QString &prompt : prompts)
        record.turns.append(userTurn(prompt));
    const QList<qint64> ids = m_store->importRecords({record});
    return ids.size() == 1 ? ids.first() : 0;
}

void tst_HistorySidebar::showSidebar()
{
    m_sidebar->show();
    m_sidebar->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_sidebar.get()));
}

QModelIndex tst_HistorySidebar::rowIndex(qint64 conversationId) const
{
    return m_sidebar->listModel()->index(m_sidebar->listModel()->rowOf(conversationId));
}

QList<qint64> tst_HistorySidebar::selectedIds() const
{
    QList<qint64> ids;
    const QModelIndexList rows = m_sidebar->listView()->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids.append(index.data(ConversationListModel::IdRole).toLongLong());
    return ids;
}

void tst_HistorySidebar::relativeTime_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QString>("expected");

    // A Wednesday afternoon, local time.
    const QDateTime now(QDate(2025, 6, 18), QTime(15, 0));
    QTest::newRow("seconds") << now.addSecs(-10) << u"Just now"_s;
    QTest::newRow("a little ahead") << now.addSecs(30) << u"Just now"_s;
    QTest::newRow("minutes") << now.addSecs(-5 * 60) << u"5 min ago"_s;
    QTest::newRow("59 minutes") << now.addSecs(-59 * 60 - 59) << u"59 min ago"_s;
    QTest::newRow("hours today") << QDateTime(QDate(2025, 6, 18), QTime(11, 30)) << u"3 h ago"_s;
    QTest::newRow("yesterday late") << QDateTime(QDate(2025, 6, 17), QTime(23, 59)) << u"Yesterday"_s;
    QTest::newRow("yesterday early") << QDateTime(QDate(2025, 6, 17), QTime(0, 1)) << u"Yesterday"_s;
    QTest::newRow("Monday") << QDateTime(QDate(2025, 6, 16), QTime(9, 0)) << u"Mon"_s;
    QTest::newRow("six days") << QDateTime(QDate(2025, 6, 12), QTime(9, 0)) << u"Thu"_s;
    QTest::newRow("a week") << QDateTime(QDate(2025, 6, 11), QTime(9, 0)) << u"11 Jun"_s;
    QTest::newRow("this year") << QDateTime(QDate(2025, 3, 12), QTime(9, 0)) << u"12 Mar"_s;
    QTest::newRow("last year") << QDateTime(QDate(2024, 3, 12), QTime(9, 0)) << u"12 Mar 2024"_s;
    QTest::newRow("far ahead") << QDateTime(QDate(2026, 1, 1), QTime(9, 0)) << u"1 Jan 2026"_s;
    QTest::newRow("in UTC") << now.toUTC().addSecs(-120) << u"2 min ago"_s;
    QTest::newRow("invalid") << QDateTime() << QString();
}

void tst_HistorySidebar::relativeTime()
{
    QFETCH(QDateTime, when);
    QFETCH(QString, expected);
    const QDateTime now(QDate(2025, 6, 18), QTime(15, 0));
    QCOMPARE(HistorySidebar::relativeTime(when, now), expected);
}

void tst_HistorySidebar::snippetHtml_data()
{
    QTest::addColumn<QString>("snippet");
    QTest::addColumn<QString>("html");

    const QString s(SearchHit::MarkStart);
    const QString e(SearchHit::MarkEnd);
    QTest::newRow("plain") << u"just text"_s << u"just text"_s;
    QTest::newRow("one mark") << u"a "_s + s + u"word"_s + e + u" here"_s << u"a <b>word</b> here"_s;
    QTest::newRow("two marks") << s + u"x"_s + e + u" and "_s + s + u"y"_s + e << u"<b>x</b> and <b>y</b>"_s;
    QTest::newRow("escaped") << u"<i>&amp;</i> "_s + s + u"<script>"_s + e
                             << u"&lt;i&gt;&amp;amp;&lt;/i&gt; <b>&lt;script&gt;</b>"_s;
    QTest::newRow("quotes") << u"say \"hi\""_s << u"say &quot;hi&quot;"_s;
    QTest::newRow("unclosed") << u"a "_s + s + u"b"_s << u"a <b>b</b>"_s;
    QTest::newRow("stray end") << u"a"_s + e + u"b"_s << u"ab"_s;
    QTest::newRow("nested start") << s + s + u"a"_s + e + e << u"<b>a</b>"_s;
    QTest::newRow("line breaks") << u"one\ntwo\tthree"_s << u"one two three"_s;
    QTest::newRow("controls") << u"a\u0001b\u0007c"_s << u"abc"_s;
    QTest::newRow("empty") << QString() << QString();
}

void tst_HistorySidebar::snippetHtml()
{
    QFETCH(QString, snippet);
    QFETCH(QString, html);
    QCOMPARE(HistorySidebar::snippetHtml(snippet), html);
}

void tst_HistorySidebar::widgetsAndPlaceholder()
{
    QCOMPARE(m_sidebar->findChild<QLineEdit *>(u"historySearch"_s), m_sidebar->searchField());
    QCOMPARE(m_sidebar->findChild<QListView *>(u"historyList"_s), m_sidebar->listView());
    QCOMPARE(m_sidebar->findChild<QListView *>(u"historyResults"_s), m_sidebar->resultView());
    QVERIFY(m_sidebar->findChild<QWidget *>(u"historyUndoBar"_s));
    QVERIFY(m_sidebar->findChild<QToolButton *>(u"historyUndoButton"_s));
    QVERIFY(m_sidebar->findChild<QToolButton *>(u"newChatButton"_s));
    QCOMPARE(m_sidebar->searchField()->placeholderText(), u"Search conversations (Ctrl+F)"_s);
    QVERIFY(m_sidebar->searchField()->isClearButtonEnabled());
    QVERIFY(m_sidebar->listView()->uniformItemSizes());
    QVERIFY(!m_sidebar->isShowingResults());
    showSidebar();
    QVERIFY(!m_sidebar->undoBar()->isVisible());
    QVERIFY(m_sidebar->listView()->isVisible());
}

void tst_HistorySidebar::listOrderAndUpdates()
{
    QAbstractItemModelTester tester(m_sidebar->listModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const qint64 a = add(u"Alpha"_s, 1);
    const qint64 b = add(u"Beta"_s, 2);
    const ConversationListModel *model = m_sidebar->listModel();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->idAt(0), b);
    QCOMPARE(model->idAt(1), a);

    ConversationSettings settings;
    settings.model = u"gemini-test"_s;
    const qint64 c = m_store->createConversation(settings, u"Gamma"_s);
    QCOMPARE(model->idAt(0), c);

    QVERIFY(m_store->setTitle(a, u"Alpha renamed"_s, TitleSource::User));
    QCOMPARE(rowIndex(a).data().toString(), u"Alpha renamed"_s);

    m_sidebar->togglePinned(a);
    QCOMPARE(model->idAt(0), a);
    QVERIFY(m_store->summary(a)->pinned);

    m_sidebar->setUndoTimeout(60'000);
    m_sidebar->deleteConversation(b);
    QCOMPARE(model->rowOf(b), -1);
    QCOMPARE(model->rowCount(), 2);
    m_sidebar->undoDelete();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->idAt(2), b);

    // Painting every row with every kind of content does not trip over anything.
    showSidebar();
    QVERIFY(!m_sidebar->grab().isNull());
}

void tst_HistorySidebar::newChatButton()
{
    showSidebar();
    QSignalSpy spy(m_sidebar.get(), &HistorySidebar::newChatRequested);
    QTest::mouseClick(m_sidebar->findChild<QToolButton *>(u"newChatButton"_s), Qt::LeftButton);
    QCOMPARE(spy.size(), 1);
}

void tst_HistorySidebar::keyboardOpens()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    const qint64 c = add(u"C"_s, 3);
    showSidebar();
    QSignalSpy opened(m_sidebar.get(), &HistorySidebar::conversationActivated);
    QListView *list = m_sidebar->listView();
    m_sidebar->setCurrentConversation(c);
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());

    QTest::keyClick(list, Qt::Key_Down);
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(opened.size(), 0); // moving does not open
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.takeFirst().at(0).toLongLong(), a);

    QTest::keyClick(list, Qt::Key_Up);
    QTest::keyClick(list, Qt::Key_Enter);
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.takeFirst().at(0).toLongLong(), b);
}

void tst_HistorySidebar::clickOpens()
{
    add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    showSidebar();
    QSignalSpy opened(m_sidebar.get(), &HistorySidebar::conversationActivated);
    QListView *list = m_sidebar->listView();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(rowIndex(b)).center());
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(0).toLongLong(), b);
}

// Ctrl+click adds to the selection without opening; Export… on a picked one exports all picked.
void tst_HistorySidebar::ctrlClickPicksSeveralToExport()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    const qint64 c = add(u"C"_s, 3);
    showSidebar();
    m_sidebar->setCurrentConversation(c);
    QSignalSpy opened(m_sidebar.get(), &HistorySidebar::conversationActivated);
    QListView *list = m_sidebar->listView();
    QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, list->visualRect(rowIndex(a)).center());
    QCOMPARE(opened.size(), 0);
    QCOMPARE(m_sidebar->selectedConversations(), (QList<qint64> {c, a})); // list order: newest first

    QSignalSpy exported(m_sidebar.get(), &HistorySidebar::exportRequested);
    std::unique_ptr<QMenu> menu(m_sidebar->createContextMenu(a));
    QAction *exportAction = menu->findChild<QAction *>(u"exportAction"_s);
    QVERIFY(exportAction);
    QCOMPARE(exportAction->text(), u"Export 2 Conversations…"_s);
    exportAction->trigger();
    QCOMPARE(exported.size(), 1);
    QCOMPARE(exported.first().at(0).value<QList<qint64>>(), (QList<qint64> {c, a}));

    // On a conversation that is not picked, the menu is about that one alone.
    menu.reset(m_sidebar->createContextMenu(b));
    QCOMPARE(menu->findChild<QAction *>(u"exportAction"_s)->text(), u"Export…"_s);

    // A plain click opens again (and picks that one alone).
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(rowIndex(b)).center());
    QCOMPARE(opened.size(), 1);
    QCOMPARE(opened.first().at(0).toLongLong(), b);
}

void tst_HistorySidebar::setCurrentSelectsWithoutSignals()
{
    const qint64 a = add(u"A"_s, 1);
    add(u"B"_s, 2);
    QSignalSpy opened(m_sidebar.get(), &HistorySidebar::conversationActivated);
    m_sidebar->setCurrentConversation(a);
    QCOMPARE(m_sidebar->currentConversation(), a);
    QCOMPARE(selectedIds(), QList<qint64> {a});
    m_sidebar->setCurrentConversation(0);
    QVERIFY(selectedIds().isEmpty());
    m_sidebar->setCurrentConversation(123456); // unknown: nothing selected, nothing breaks
    QVERIFY(selectedIds().isEmpty());
    QCOMPARE(opened.size(), 0);

    // The open conversation appears later (created after the window chose it): it is selected then.
    ConversationSettings settings;
    settings.model = u"gemini-test"_s;
    m_sidebar->setCurrentConversation(0);
    const qint64 c = m_store->createConversation(settings, u"C"_s);
    m_sidebar->setCurrentConversation(c);
    QCOMPARE(selectedIds(), QList<qint64> {c});
}

void tst_HistorySidebar::pinAndRenameKeepTheSelection()
{
    const qint64 a = add(u"A"_s, 1);
    add(u"B"_s, 2);
    add(u"C"_s, 3);
    m_sidebar->setCurrentConversation(a);
    QCOMPARE(m_sidebar->listView()->currentIndex().row(), 2);

    m_sidebar->togglePinned(a);
    QCOMPARE(m_sidebar->listModel()->rowOf(a), 0);
    QCOMPARE(selectedIds(), QList<qint64> {a});
    QCOMPARE(m_sidebar->listView()->currentIndex().row(), 0);

    QVERIFY(m_store->setTitle(a, u"Renamed"_s, TitleSource::User));
    QCOMPARE(selectedIds(), QList<qint64> {a});

    QVERIFY(m_store->insertTurn(add(u"D"_s, 4), 0, userTurn(u"new"_s)) != 0);
    QCOMPARE(selectedIds(), QList<qint64> {a});

    m_sidebar->togglePinned(a);
    QCOMPARE(m_sidebar->listModel()->rowOf(a), 3);
    QCOMPARE(selectedIds(), QList<qint64> {a});
}

void tst_HistorySidebar::f2RenamesInPlace_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("stored");

    QTest::newRow("plain") << u"Holiday plans"_s << u"Holiday plans"_s;
    QTest::newRow("trimmed") << u"   Holiday plans   "_s << u"Holiday plans"_s;
    QTest::newRow("empty refused") << QString() << u"Original"_s;
    QTest::newRow("blank refused") << u"     "_s << u"Original"_s;
    QTest::newRow("long cut") << QString(250, u'z') << QString(ConversationListModel::MaxTitleLength, u'z');
    QTest::newRow("markup kept as text") << u"<h1>x</h1>"_s << u"<h1>x</h1>"_s;
}

void tst_HistorySidebar::f2RenamesInPlace()
{
    QFETCH(QString, typed);
    QFETCH(QString, stored);

    const qint64 id = add(u"Original"_s, 1);
    showSidebar();
    QListView *list = m_sidebar->listView();
    m_sidebar->setCurrentConversation(id);
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());

    QTest::keyClick(list, Qt::Key_F2);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = qobject_cast<QLineEdit *>(QApplication::focusWidget())) != nullptr);
    QVERIFY(list->isAncestorOf(editor));
    QCOMPARE(editor->text(), u"Original"_s);
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Backspace);
    QTest::keyClicks(editor, typed);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits from a queued call.
    QTRY_COMPARE(m_store->summary(id)->title, stored);
    QTRY_VERIFY(list->hasFocus());
}

void tst_HistorySidebar::escapeCancelsRename()
{
    const qint64 id = add(u"Original"_s, 1);
    showSidebar();
    m_sidebar->renameConversation(id);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = qobject_cast<QLineEdit *>(QApplication::focusWidget())) != nullptr);
    QTest::keyClicks(editor, u" more"_s);
    QTest::keyClick(editor, Qt::Key_Escape);
    QCOMPARE(m_store->summary(id)->title, u"Original"_s);
    m_sidebar->renameConversation(987654); // unknown: nothing
}

void tst_HistorySidebar::deleteAndUndo()
{
    add(u"A"_s, 1);
    const qint64 b = add(u"The <b>second</b> one"_s, 2);
    add(u"C"_s, 3);
    m_sidebar->setUndoTimeout(60'000);
    showSidebar();
    QSignalSpy deleted(m_sidebar.get(), &HistorySidebar::conversationDeleted);
    QSignalSpy restored(m_sidebar.get(), &HistorySidebar::conversationRestored);
    QListView *list = m_sidebar->listView();
    m_sidebar->setCurrentConversation(b);
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());

    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(m_sidebar->listModel()->rowOf(b), -1);
    QCOMPARE(m_store->conversationCount(), 2);
    QVERIFY(m_sidebar->undoBar()->isVisible());
    auto *label = m_sidebar->undoBar()->findChild<QLabel *>();
    QVERIFY(label);
    QCOMPARE(label->text(), u"Deleted “The <b>second</b> one”."_s);
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first().at(0).toLongLong(), b);
    QCOMPARE(m_sidebar->currentConversation(), 0);

    QTest::mouseClick(m_sidebar->findChild<QToolButton *>(u"historyUndoButton"_s), Qt::LeftButton);
    QVERIFY(!m_sidebar->undoBar()->isVisible());
    QCOMPARE(m_sidebar->listModel()->rowOf(b), 1);
    QCOMPARE(restored.size(), 1);
    QCOMPARE(restored.first().at(0).toLongLong(), b);
    QCOMPARE(m_sidebar->currentConversation(), b);
    QCOMPARE(selectedIds(), QList<qint64> {b});

    // A conversation that is not the open one: no deleted/restored signals, and Ctrl+Z undoes too.
    const qint64 a = m_sidebar->listModel()->idAt(2);
    list->setFocus();
    list->setCurrentIndex(rowIndex(a));
    QTest::keyClick(list, Qt::Key_Delete);
    QCOMPARE(m_sidebar->listModel()->rowOf(a), -1);
    QCOMPARE(deleted.size(), 1);
    QTest::keyClick(list, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(m_sidebar->listModel()->rowOf(a) >= 0);
    QCOMPARE(restored.size(), 1);
    QVERIFY(!m_sidebar->undoBar()->isVisible());
    m_sidebar->undoDelete(); // nothing pending: nothing happens
    QCOMPARE(m_store->conversationCount(), 3);
}

void tst_HistorySidebar::undoBarPurgesAfterTimeout()
{
    const qint64 a = add(u"A"_s, 1);
    add(u"B"_s, 2);
    m_sidebar->setUndoTimeout(50);
    QCOMPARE(m_sidebar->undoTimeout(), 50);
    showSidebar();
    m_sidebar->deleteConversation(a);
    QVERIFY(m_sidebar->undoBar()->isVisible());
    QTRY_VERIFY(!m_sidebar->undoBar()->isVisible());
    // Purged: there is nothing left to restore.
    m_sidebar->undoDelete();
    QCOMPARE(m_sidebar->listModel()->rowOf(a), -1);
    QVERIFY(!m_store->restoreFromTrash(a));
    QCOMPARE(m_store->conversationCount(), 1);
}

void tst_HistorySidebar::secondDeletePurgesTheFirst()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    add(u"C"_s, 3);
    m_sidebar->setUndoTimeout(60'000);
    showSidebar();
    m_sidebar->deleteConversation(a);
    m_sidebar->deleteConversation(b);
    QVERIFY(m_sidebar->undoBar()->isVisible());
    m_sidebar->undoDelete();
    QVERIFY(m_sidebar->listModel()->rowOf(b) >= 0);
    QCOMPARE(m_sidebar->listModel()->rowOf(a), -1);
    QVERIFY(!m_store->restoreFromTrash(a));
    QCOMPARE(m_store->conversationCount(), 2);

    // The dismiss button ends the offer at once, and purges.
    m_sidebar->deleteConversation(b);
    QTest::mouseClick(m_sidebar->findChild<QToolButton *>(u"historyUndoDismiss"_s), Qt::LeftButton);
    QVERIFY(!m_sidebar->undoBar()->isVisible());
    QVERIFY(!m_store->restoreFromTrash(b));
    QCOMPARE(m_store->conversationCount(), 1);

    m_sidebar->deleteConversation(0);
    m_sidebar->deleteConversation(424242);
    QVERIFY(!m_sidebar->undoBar()->isVisible());
    QCOMPARE(m_store->conversationCount(), 1);
}

void tst_HistorySidebar::destructorPurges()
{
    const qint64 a = add(u"A"_s, 1);
    m_sidebar->setUndoTimeout(60'000);
    m_sidebar->deleteConversation(a);
    m_sidebar.reset();
    QVERIFY(!m_store->restoreFromTrash(a));
    QCOMPARE(m_store->conversationCount(), 0);
}

void tst_HistorySidebar::contextMenuActions()
{
    const qint64 a = add(u"Alpha"_s, 1);
    const qint64 b = add(u"Beta"_s, 2);
    m_sidebar->setUndoTimeout(60'000);
    showSidebar();
    m_sidebar->setCurrentConversation(a);

    const auto action = [this](qint64 id, const QString &name) {
        std::unique_ptr<QMenu> menu(m_sidebar->createContextMenu(id));
        QAction *found = menu->findChild<QAction *>(name);
        if (found && found->isEnabled())
            found->trigger();
        return found ? found->text() : QString();
    };

    QCOMPARE(action(a, u"pinAction"_s), u"Pin"_s);
    QVERIFY(m_store->summary(a)->pinned);
    QCOMPARE(m_sidebar->listModel()->idAt(0), a);
    QCOMPARE(selectedIds(), QList<qint64> {a});
    QCOMPARE(action(a, u"pinAction"_s), u"Unpin"_s);
    QVERIFY(!m_store->summary(a)->pinned);

    QSignalSpy exported(m_sidebar.get(), &HistorySidebar::exportRequested);
    QCOMPARE(action(b, u"exportAction"_s), u"Export…"_s);
    QCOMPARE(exported.size(), 1);
    QCOMPARE(exported.first().at(0).value<QList<qint64>>(), QList<qint64> {b});

    QCOMPARE(action(b, u"duplicateAction"_s), u"Duplicate"_s);
    QCOMPARE(m_store->conversationCount(), 3);
    const qint64 copy = m_sidebar->listModel()->idAt(0);
    QCOMPARE(m_store->summary(copy)->title, u"Beta (copy)"_s);
    QCOMPARE(m_sidebar->listView()->currentIndex().row(), 0);

    action(b, u"renameAction"_s);
    QTRY_VERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
    QVERIFY(m_sidebar->listView()->isAncestorOf(QApplication::focusWidget()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);

    QSignalSpy deleted(m_sidebar.get(), &HistorySidebar::conversationDeleted);
    action(a, u"deleteAction"_s);
    QCOMPARE(m_sidebar->listModel()->rowOf(a), -1);
    QVERIFY(m_sidebar->undoBar()->isVisible());
    QCOMPARE(deleted.size(), 1);

    // A conversation that is gone: every action is disabled, nothing happens.
    std::unique_ptr<QMenu> menu(m_sidebar->createContextMenu(999999));
    const QList<QAction *> actions = menu->actions();
    for (QAction *item : actions)
        QVERIFY(!item->isEnabled() || item->isSeparator());
}

void tst_HistorySidebar::keyboardContextMenu()
{
    const qint64 a = add(u"A"_s, 1);
    showSidebar();
    m_sidebar->setCurrentConversation(a);
    QListView *list = m_sidebar->listView();
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());
    QTest::keyClick(list, Qt::Key_F10, Qt::ShiftModifier);
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) != nullptr);
    QVERIFY(menu->findChild<QAction *>(u"pinAction"_s));
    menu->close();
}

void tst_HistorySidebar::searchShowsHitsAfterTheDelay()
{
    const qint64 a = add(u"Networking"_s, 1, {u"How does the TCP protocol handle congestion?"_s});
    add(u"Cooking"_s, 2, {u"A recipe for bread"_s});
    showSidebar();
    m_sidebar->setSearchText(u"proto"_s);
    QVERIFY(!m_sidebar->isShowingResults()); // not before the delay
    QTRY_VERIFY(m_sidebar->isShowingResults());
    QVERIFY(m_sidebar->resultView()->isVisible());
    QAbstractItemModel *results = m_sidebar->resultView()->model();
    QCOMPARE(results->rowCount(), 1);
    const QModelIndex hit = results->index(0, 0);
    QCOMPARE(hit.data(HistorySidebar::ResultConversationIdRole).toLongLong(), a);
    QVERIFY(hit.data(HistorySidebar::ResultTurnIdRole).toLongLong() != 0);
    QCOMPARE(hit.data().toString(), u"Networking"_s);
    const QString html = hit.data(HistorySidebar::ResultSnippetHtmlRole).toString();
    QVERIFY2(html.contains(u"<b>protocol</b>"_s), qPrintable(html));
    QVERIFY(!m_sidebar->resultView()->grab().isNull());

    // Clearing the text goes back to the list.
    m_sidebar->setSearchText(QString());
    QVERIFY(!m_sidebar->isShowingResults());
    QVERIFY(m_sidebar->listView()->isVisible());
}

void tst_HistorySidebar::searchKeyboard()
{
    add(u"Networking"_s, 1, {u"How does the TCP protocol handle congestion?"_s});
    const qint64 b = add(u"More networking"_s, 2, {u"first question"_s, u"UDP is a protocol without a handshake"_s});
    showSidebar();
    QSignalSpy turns(m_sidebar.get(), &HistorySidebar::turnActivated);
    QLineEdit *search = m_sidebar->searchField();
    QListView *list = m_sidebar->listView();
    list->setFocus();
    QTRY_VERIFY(list->hasFocus());

    QTest::keyClick(list, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClicks(search, u"handshake"_s);
    QTRY_VERIFY(m_sidebar->isShowingResults());
    QListView *results = m_sidebar->resultView();
    QCOMPARE(results->model()->rowCount(), 1);

    QTest::keyClick(search, Qt::Key_Down);
    QTRY_VERIFY(results->hasFocus());
    QCOMPARE(results->currentIndex().row(), 0);
    QTest::keyClick(results, Qt::Key_Return);
    QCOMPARE(turns.size(), 1);
    QCOMPARE(turns.first().at(0).toLongLong(), b);
    const qint64 turnId = turns.first().at(1).toLongLong();
    QCOMPARE(m_store->conversationOf(turnId), b);
    QCOMPARE(m_store->path(b).turns().last().storeId, turnId);

    // Up from the first hit goes back to the field, Enter there opens the first hit.
    QTest::keyClick(results, Qt::Key_Up);
    QTRY_VERIFY(search->hasFocus());
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(turns.size(), 2);

    // A click opens a hit too.
    QTest::mouseClick(
        results->viewport(), Qt::LeftButton, {}, results->visualRect(results->model()->index(0, 0)).center());
    QCOMPARE(turns.size(), 3);

    // Escape: the search is cleared, the list is back and has the focus.
    results->setFocus();
    QTRY_VERIFY(results->hasFocus());
    QTest::keyClick(results, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QVERIFY(!m_sidebar->isShowingResults());
    QTRY_VERIFY(list->hasFocus());

    // Escape in the field, too.
    search->setFocus();
    QTest::keyClicks(search, u"protocol"_s);
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QVERIFY(!m_sidebar->isShowingResults());
}

void tst_HistorySidebar::searchTitleHit()
{
    const qint64 a = add(u"Quantum entanglement"_s, 1, {u"nothing related"_s});
    showSidebar();
    QSignalSpy turns(m_sidebar.get(), &HistorySidebar::turnActivated);
    m_sidebar->setSearchText(u"entangle"_s);
    m_sidebar->searchNow();
    QVERIFY(m_sidebar->isShowingResults());
    QAbstractItemModel *results = m_sidebar->resultView()->model();
    QCOMPARE(results->rowCount(), 1);
    const QModelIndex hit = results->index(0, 0);
    QCOMPARE(hit.data(HistorySidebar::ResultTurnIdRole).toLongLong(), 0);
    QVERIFY(hit.data(HistorySidebar::ResultTitleHtmlRole).toString().contains(u"<b>entanglement</b>"_s));
    QVERIFY(!m_sidebar->resultView()->grab().isNull());
    m_sidebar->resultView()->setFocus();
    m_sidebar->resultView()->setCurrentIndex(hit);
    QTest::keyClick(m_sidebar->resultView(), Qt::Key_Enter);
    QCOMPARE(turns.size(), 1);
    QCOMPARE(turns.first().at(0).toLongLong(), a);
    QCOMPARE(turns.first().at(1).toLongLong(), 0);
}

void tst_HistorySidebar::searchNoResults()
{
    add(u"Something"_s, 1, {u"text"_s});
    showSidebar();
    m_sidebar->setSearchText(u"zebra"_s);
    m_sidebar->searchNow();
    QVERIFY(m_sidebar->isShowingResults());
    QCOMPARE(m_sidebar->resultView()->model()->rowCount(), 0);
    QVERIFY(m_sidebar->noResultsLabel()->isVisible());
    QCOMPARE(m_sidebar->noResultsLabel()->text(), u"No conversation matches “zebra”."_s);

    // The text is shown as typed, never as markup, and a huge query is shortened.
    m_sidebar->setSearchText(u"<img src=x>"_s);
    m_sidebar->searchNow();
    QCOMPARE(m_sidebar->noResultsLabel()->textFormat(), Qt::PlainText);
    QVERIFY(m_sidebar->noResultsLabel()->text().contains(u"<img src=x>"_s));
    m_sidebar->setSearchText(QString(5000, u'q'));
    m_sidebar->searchNow();
    QVERIFY(m_sidebar->noResultsLabel()->text().size() < 200);
}

void tst_HistorySidebar::hostileQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("quote") << u"\""_s;
    QTest::newRow("quotes") << u"\"\"\"protocol"_s;
    QTest::newRow("star") << u"*"_s;
    QTest::newRow("prefix star") << u"proto*"_s;
    QTest::newRow("NEAR(") << u"NEAR("_s;
    QTest::newRow("NEAR full") << u"NEAR(protocol handshake, 2)"_s;
    QTest::newRow("operators") << u"AND OR NOT"_s;
    QTest::newRow("column filter") << u"title:protocol"_s;
    QTest::newRow("caret") << u"^protocol"_s;
    QTest::newRow("minus") << u"-protocol"_s;
    QTest::newRow("parentheses") << u"((("_s;
    QTest::newRow("sql") << u"'; DROP TABLE turns; --"_s;
    QTest::newRow("marks") << QString(SearchHit::MarkStart) + u"protocol"_s + QString(SearchHit::MarkEnd);
    QTest::newRow("nul") << u"proto\u0000col"_s;
    QTest::newRow("emoji") << u"😀 protocol"_s;
    QTest::newRow("huge") << QString(20000, u'a');
    QTest::newRow("many words") << u"a b c d e f g h i j k l m n o p q r s t u v w x y z "_s.repeated(40);
}

void tst_HistorySidebar::hostileQueries()
{
    QFETCH(QString, query);
    add(u"Networking"_s, 1, {u"UDP is a protocol without a handshake"_s});
    showSidebar();
    QSignalSpy failures(m_store.get(), &ConversationStore::failed);
    m_sidebar->setSearchText(query);
    m_sidebar->searchNow();
    QVERIFY(m_sidebar->isShowingResults());
    QCOMPARE(failures.size(), 0);
    const bool hits = m_sidebar->resultView()->model()->rowCount() > 0;
    QCOMPARE(m_sidebar->resultView()->isVisible(), hits);
    QCOMPARE(m_sidebar->noResultsLabel()->isVisible(), !hits);
    QVERIFY(!m_sidebar->grab().isNull());
    QTest::keyClick(m_sidebar->searchField(), Qt::Key_Escape);
    QVERIFY(!m_sidebar->isShowingResults());
}

void tst_HistorySidebar::ctrlFFocusesSearch()
{
    add(u"A"_s, 1);
    showSidebar();
    m_sidebar->searchField()->setText(u"old"_s);
    m_sidebar->listView()->setFocus();
    QTRY_VERIFY(m_sidebar->listView()->hasFocus());
    QTest::keyClick(m_sidebar->listView(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(m_sidebar->searchField()->hasFocus());
    QCOMPARE(m_sidebar->searchField()->selectedText(), u"old"_s);
}

void tst_HistorySidebar::downFromEmptySearchGoesToList()
{
    const qint64 b = add(u"B"_s, 2);
    add(u"A"_s, 1);
    showSidebar();
    m_sidebar->focusSearch();
    QTRY_VERIFY(m_sidebar->searchField()->hasFocus());
    QTest::keyClick(m_sidebar->searchField(), Qt::Key_Down);
    QTRY_VERIFY(m_sidebar->listView()->hasFocus());
    QCOMPARE(m_sidebar->listView()->currentIndex(), rowIndex(b));
}

void tst_HistorySidebar::tenThousandConversations()
{
    QList<ConversationRecord> records;
    records.reserve(10'000);
    for (int i = 0; i < 10'000; ++i) {
        ConversationRecord record;
        record.summary.title = u"Conversation number %1 about a rather long subject that needs eliding"_s.arg(i);
        record.summary.created = BaseTime.addSecs(i * 60);
        record.summary.updated = record.summary.created;
        record.summary.pinned = i % 997 == 0;
        record.settings.model = u"gemini-test"_s;
        records.append(record);
    }
    QCOMPARE(m_store->importRecords(records).size(), 10'000);
    QCOMPARE(m_sidebar->listModel()->rowCount(), 10'000);
    showSidebar();
    QListView *list = m_sidebar->listView();
    const qint64 last = m_sidebar->listModel()->idAt(9'999);
    m_sidebar->setCurrentConversation(last);
    QVERIFY(list->viewport()->rect().intersects(list->visualRect(rowIndex(last))));
    list->scrollToTop();
    QVERIFY(!m_sidebar->grab().isNull());
    list->setFocus();
    QTest::keyClick(list, Qt::Key_End);
    QCOMPARE(list->currentIndex().row(), 9'999);
    QTest::keyClick(list, Qt::Key_PageUp);
    QVERIFY(list->currentIndex().row() < 9'999);

    // One more arrives: the 10,000 are not reloaded from scratch.
    QSignalSpy reset(m_sidebar->listModel(), &QAbstractItemModel::modelReset);
    ConversationSettings settings;
    settings.model = u"gemini-test"_s;
    QVERIFY(m_store->createConversation(settings, u"New"_s) != 0);
    QCOMPARE(m_sidebar->listModel()->rowCount(), 10'001);
    QCOMPARE(reset.size(), 0);
}

QTEST_MAIN(tst_HistorySidebar)
#include "tst_historysidebar.moc"
