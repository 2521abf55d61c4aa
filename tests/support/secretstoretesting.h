#pragma once

#include "secrets/secretstore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>

#include <sys/stat.h>

// Helpers shared by the tests of the secret stores and of what sits on them.

// Collects every message logged while alive, to prove a secret never reaches a log line. One at a
// time: the handler is process-wide. With Pass::Forward the messages still reach the handler that was
// there before (QtTest's, so QTest::ignoreMessage and the test log keep working); with Pass::Swallow
// they are only collected.
class LogCapture
{
    Q_DISABLE_COPY_MOVE(LogCapture)

public:
    enum class Pass {
        Swallow,
        Forward,
    };

    explicit LogCapture(Pass pass = Pass::Swallow)
    {
        const QMutexLocker lock(&s_mutex);
        s_lines.clear();
        s_forward = pass == Pass::Forward;
        s_previous = qInstallMessageHandler(&LogCapture::record);
    }
    ~LogCapture() { qInstallMessageHandler(s_previous); }

    QStringList lines() const
    {
        const QMutexLocker lock(&s_mutex);
        return s_lines;
    }
    QString all() const { return lines().join(u'\n'); }

private:
    static void record(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        QtMessageHandler previous = nullptr;
        {
            const QMutexLocker lock(&s_mutex);
            s_lines.append(message);
            if (s_forward)
                previous = s_previous;
        }
        if (previous)
            previous(type, context, message);
    }

    static inline QMutex s_mutex;
    static inline QStringList s_lines;
    static inline bool s_forward = false;
    static inline QtMessageHandler s_previous = nullptr;
};

// The one answer a SecretStore gives to one call, waited for. Without an answer in time, answered is
// false and error a Failed that says so: a test that only looks at the error cannot mistake it for success.
struct Answer
{
    bool answered = false;
    QString name;  // the name the answer is for, as the signal gave it
    QString value; // what a read found
    SecretError error;
    qint64 ms = 0; // from the call to the answer

    bool ok() const { return answered && error.ok(); }
};

// QSignalSpy::wait's own default; a real keychain wants longer.
inline constexpr int DefaultAnswerTimeoutMs = 5000;

namespace SecretStoreTestingDetail {
template<typename Signal, typename Call, typename Take>
Answer waitForAnswer(SecretStore &store, Signal signal, int timeoutMs, Call call, Take take)
{
    QSignalSpy spy(&store, signal);
    QElapsedTimer timer;
    timer.start();
    call();
    if (!spy.wait(timeoutMs)) {
        using namespace Qt::StringLiterals;
        return {
            false, {}, {}, {SecretError::Kind::Failed, u"no answer within %1 ms"_s.arg(timeoutMs)}, timer.elapsed()};
    }
    Answer answer = take(spy.at(0));
    answer.ms = timer.elapsed();
    return answer;
}
} // namespace SecretStoreTestingDetail

inline Answer readFrom(SecretStore &store, const QString &name, int timeoutMs = DefaultAnswerTimeoutMs)
{
    return SecretStoreTestingDetail::waitForAnswer(
        store, &SecretStore::readFinished, timeoutMs, [&] { store.read(name); },
        [](const QList<QVariant> &args) {
            return Answer {true, args.at(0).toString(), args.at(1).toString(), args.at(2).value<SecretError>()};
        });
}

inline Answer writeTo(
    SecretStore &store, const QString &name, const QString &value, int timeoutMs = DefaultAnswerTimeoutMs)
{
    return SecretStoreTestingDetail::waitForAnswer(
        store, &SecretStore::writeFinished, timeoutMs, [&] { store.write(name, value); },
        [](const QList<QVariant> &args) {
            return Answer {true, args.at(0).toString(), {}, args.at(1).value<SecretError>()};
        });
}

inline Answer removeFrom(SecretStore &store, const QString &name, int timeoutMs = DefaultAnswerTimeoutMs)
{
    return SecretStoreTestingDetail::waitForAnswer(
        store, &SecretStore::removeFinished, timeoutMs, [&] { store.remove(name); },
        [](const QList<QVariant> &args) {
            return Answer {true, args.at(0).toString(), {}, args.at(1).value<SecretError>()};
        });
}

// For QVERIFY2: what came back, never the value.
inline QString describe(const Answer &a)
{
    using namespace Qt::StringLiterals;
    if (!a.answered)
        return a.error.detail;
    return u"kind %1, %2 ms, detail \"%3\""_s.arg(int(a.error.kind)).arg(a.ms).arg(a.error.detail);
}

// The rows of a roundTrip_data() every store must pass: columns "name" and "value", the value to be
// read back exactly as written. A store's own rows (sizes, odd names) follow.
inline void addRoundTripRows()
{
    using namespace Qt::StringLiterals;
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    const QString key = QString::fromLatin1(SecretNames::ApiKey);
    QTest::newRow("api key") << key << u"AIzaSyA-plain-0123456789"_s;
    QTest::newRow("proxy password") << QString::fromLatin1(SecretNames::ProxyPassword) << u"p@ss \"w\":rd\\"_s;
    QTest::newRow("unicode") << u"unicode-ключ"_s << u"ключ-🔑-鍵-\u00e9"_s;
    QTest::newRow("newlines") << u"newlines"_s << u"line one\nline two\r\n\ttab"_s;
}

// Rows for the stores that keep any name and an empty value (not the system keychain).
inline void addAnyNameRoundTripRows()
{
    using namespace Qt::StringLiterals;
    QTest::newRow("unknown name") << u"some/other \"name\" ✓"_s << u"v"_s;
    QTest::newRow("empty value") << QString::fromLatin1(SecretNames::ApiKey) << QString();
}

// Writes, reads and removes name without waiting: no answer may come from inside a call, and each
// call gets exactly one, in the order of the calls (the read sees the write before it). Leaves name
// removed. QVERIFY inside: call it last in a test, or check QTest::currentTestFailed() after.
inline void verifyAnswersAfterTheCallReturns(
    SecretStore &store, const QString &name, int timeoutMs = DefaultAnswerTimeoutMs)
{
    using namespace Qt::StringLiterals;
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);
    QSignalSpy removed(&store, &SecretStore::removeFinished);
    store.write(name, u"v"_s);
    store.read(name);
    store.remove(name);
    QCOMPARE(written.size() + read.size() + removed.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, timeoutMs);
    QCOMPARE(written.size(), 1);
    QCOMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(1).toString(), u"v"_s);
    QCoreApplication::processEvents();
    QCOMPARE(written.size() + read.size() + removed.size(), 3); // exactly one answer each
}

// The permission bits of a file or folder (0600, 0700...), or -1 if it cannot be read.
inline int fileMode(const QString &path)
{
    struct stat st
    { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}
