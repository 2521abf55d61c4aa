#pragma once

#include "attachmentstrip.h"
#include "chat/attachmentplanner.h"
#include "chat/chatmodel.h"
#include "chatview.h"
#include "composeredit.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "support/clientfixture.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The window on a client that talks to an in-process fake server through a real socket, with the
// real upload queue, file registry and attachment planner.
struct WindowFixture
{
    ClientFixture fixture;
    UploadQueue uploads {fixture.client.get()};
    RemoteFileRegistry registry {fixture.client.get()};
    AttachmentPlanner planner {&uploads, &registry};
    // The window's settings (last model, presets) in a file of their own; survives restart().
    QTemporaryDir settingsDir;
    std::unique_ptr<QSettings> settings;
    MainWindow::Options options;
    bool ownSettings = false;
    std::unique_ptr<MainWindow> window;

    explicit WindowFixture(const MainWindow::Options &windowOptions = {})
        : settings(
            std::make_unique<QSettings>(settingsDir.filePath(QStringLiteral("alhena.ini")), QSettings::IniFormat))
        , options(windowOptions)
    {
        if (!options.settings) {
            ownSettings = true;
            options.settings = settings.get();
        }
        open();
    }

    // Closes the window and opens a new one on the same settings, as a restart of the app would.
    void restart()
    {
        window.reset();
        settings
            = std::make_unique<QSettings>(settingsDir.filePath(QStringLiteral("alhena.ini")), QSettings::IniFormat);
        if (ownSettings)
            options.settings = settings.get();
        open();
    }

    void open()
    {
        window = std::make_unique<MainWindow>(fixture.client.get(), &planner, options);
        window->show();
        window->activateWindow();
    }

    FakeGeminiServer &server() { return fixture.server; }
    ComposerEdit *composer() const { return window->findChild<ComposerEdit *>(QStringLiteral("composerEdit")); }
    QPushButton *sendButton() const { return window->findChild<QPushButton *>(QStringLiteral("sendButton")); }
    ChatView *chatView() const { return window->findChild<ChatView *>(QStringLiteral("chatView")); }
    AttachmentStrip *strip() const { return window->findChild<AttachmentStrip *>(QStringLiteral("attachmentStrip")); }
    ChatModel *model() const { return window->chatModel(); }
    QLabel *label(const QString &name) const { return window->findChild<QLabel *>(name); }
    QString status() const { return label(QStringLiteral("statusLabel"))->text(); }
    QList<FakeGeminiServer::Request> generateRequests()
    {
        return fixture.server.requests(QStringLiteral(":streamGenerateContent"));
    }
    QJsonArray lastContents()
    {
        return generateRequests().constLast().json().value(QStringLiteral("contents")).toArray();
    }

    // Everything the conversation shows in words: each turn's text and notice.
    QString conversationText() const
    {
        QStringList lines;
        for (int row = 0; row < model()->rowCount(); ++row) {
            const QModelIndex index = model()->index(row);
            lines.append(index.data(ChatModel::TextRole).toString());
            const QString notice = index.data(ChatModel::NoticeRole).toString();
            if (!notice.isEmpty())
                lines.append(notice);
        }
        return lines.join(QLatin1Char('\n'));
    }
    ChatTurn::State lastState() const
    {
        const int rows = model()->rowCount();
        return rows ? model()->turn(rows - 1).state : ChatTurn::State::Done;
    }

    void type(const QString &text) const { QTest::keyClicks(composer(), text); }
    void sendPrompt(const QString &text) const
    {
        type(text);
        QTest::keyClick(composer(), Qt::Key_Return);
    }

    // Clicks one of the buttons the delegate paints on a turn.
    bool clickTurnButton(int row, MessageDelegate::Button button) const
    {
        ChatView *view = chatView();
        const QModelIndex index = model()->index(row);
        view->scrollTo(index);
        QCoreApplication::processEvents();
        const QRect rect = view->messageDelegate()->buttonRect(view->optionForIndex(index), index, button);
        if (!rect.isValid())
            return false;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
        return true;
    }

    // A drag and drop of local files onto a widget, as a file manager does it.
    static bool dropFiles(QWidget *target, const QStringList &paths)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString &path : paths)
            urls.append(QUrl::fromLocalFile(path));
        mime.setUrls(urls);
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &move);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        return drop.isAccepted();
    }
};
