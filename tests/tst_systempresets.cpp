#include "chat/systempresets.h"

#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

using Result = SystemPresets::Result;

namespace {

QStringList namesOf(const QList<SystemPreset> &presets)
{
    QStringList names;
    for (const SystemPreset &p : presets)
        names.append(p.name);
    return names;
}

} // namespace

class tst_systempresets final : public QObject
{
    Q_OBJECT

private:
    QString settingsPath() const { return m_dir->filePath(u"alhena.ini"_s); }
    std::unique_ptr<QSettings> openSettings() const
    {
        return std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
    }
    void writeFile(const QByteArray &bytes) const
    {
        QFile file(settingsPath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(bytes), bytes.size());
    }
    // What a fresh start of the application reads from the same file.
    QList<SystemPreset> afterRestart() const
    {
        const auto settings = openSettings();
        const SystemPresets presets(settings.get());
        return presets.presets();
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void emptySettings()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QVERIFY(presets.presets().isEmpty());
        QVERIFY(!presets.find(u"anything"_s));
        QVERIFY(!presets.find(QString()));
    }

    void createFindReplace()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QSignalSpy spy(&presets, &SystemPresets::changed);

        QCOMPARE(presets.save(u"  Pirate  "_s, u"Talk like a pirate."_s), Result::Ok);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{u"Pirate"_s, u"Talk like a pirate."_s}}));

        const auto found = presets.find(u"PIRATE "_s);
        QVERIFY(found);
        QCOMPARE(found->name, u"Pirate"_s);
        QCOMPARE(found->text, u"Talk like a pirate."_s);

        // Same text again: nothing to do, no signal.
        QCOMPARE(presets.save(u"pirate"_s, u"Talk like a pirate."_s), Result::Ok);
        QCOMPARE(spy.count(), 1);

        // Other text under another case: the text is replaced, the spelling kept.
        QCOMPARE(presets.save(u"pirate"_s, u"Arr."_s), Result::Ok);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{u"Pirate"_s, u"Arr."_s}}));
        QCOMPARE(afterRestart(), presets.presets());
    }

    void saveRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("textLength");
        QTest::addColumn<Result>("expected");

        QTest::newRow("empty") << QString() << 3 << Result::EmptyName;
        QTest::newRow("blank") << u" \t\n "_s << 3 << Result::EmptyName;
        QTest::newRow("controls only") << u"\x01\x1b\x7f"_s << 3 << Result::EmptyName;
        QTest::newRow("name too long") << QString(SystemPresets::MaxNameLength + 1, u'n') << 3 << Result::NameTooLong;
        QTest::newRow("text too long") << u"ok"_s << SystemPresets::MaxTextLength + 1 << Result::TextTooLong;
        QTest::newRow("huge name") << QString(5'000'000, u'x') << 3 << Result::NameTooLong;
    }

    void saveRefused()
    {
        QFETCH(QString, name);
        QFETCH(int, textLength);
        QFETCH(Result, expected);

        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QSignalSpy spy(&presets, &SystemPresets::changed);
        QCOMPARE(presets.save(name, QString(textLength, u't')), expected);
        QCOMPARE(spy.count(), 0);
        QVERIFY(presets.presets().isEmpty());
        QVERIFY(afterRestart().isEmpty());
        QVERIFY(!SystemPresets::resultText(expected, name).isEmpty());
        QVERIFY(SystemPresets::resultText(expected, name).size() < 200);
    }

    void limitsAreInclusive()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        const QString name(SystemPresets::MaxNameLength, u'n');
        const QString text(SystemPresets::MaxTextLength, u't');
        QCOMPARE(presets.save(u"  "_s + name + u"  "_s, text), Result::Ok);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{name, text}}));
        QCOMPARE(afterRestart(), presets.presets());
    }

    void emptyTextIsAllowed()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QCOMPARE(presets.save(u"Blank"_s, QString()), Result::Ok);
        QCOMPARE(afterRestart(), (QList<SystemPreset> {{u"Blank"_s, QString()}}));
    }

    void namesAreNormalized_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("stored");

        QTest::newRow("trimmed") << u"  Terse \t"_s << u"Terse"_s;
        QTest::newRow("inner runs") << u"Very   terse"_s << u"Very terse"_s;
        QTest::newRow("line break") << u"Two\nlines\r\n"_s << u"Two lines"_s;
        QTest::newRow("control chars") << u"Bell\x07\x1b[31mred"_s << u"Bell [31mred"_s;
        QTest::newRow("unicode") << u"Ünïcödé 🦜 名前"_s << u"Ünïcödé 🦜 名前"_s;
        QTest::newRow("emoji zwj kept") << u"👩‍💻 coder"_s << u"👩‍💻 coder"_s;
        QTest::newRow("quotes and commas") << u"a, \"b\"; [c] = d"_s << u"a, \"b\"; [c] = d"_s;
        QTest::newRow("slashes") << u"a/b\\c"_s << u"a/b\\c"_s;
    }

    void namesAreNormalized()
    {
        QFETCH(QString, input);
        QFETCH(QString, stored);

        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QCOMPARE(presets.save(input, u"text, with \"quotes\"\nand lines"_s), Result::Ok);
        QCOMPARE(namesOf(presets.presets()), QStringList {stored});
        QVERIFY(presets.find(input));
        QVERIFY(presets.find(stored));
        QCOMPARE(afterRestart(), presets.presets());
    }

    void unicodeCaseInsensitive()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QCOMPARE(presets.save(u"Ärger"_s, u"1"_s), Result::Ok);
        QCOMPARE(presets.save(u"ärger"_s, u"2"_s), Result::Ok);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{u"Ärger"_s, u"2"_s}}));
        QCOMPARE(presets.save(u"Ωmega"_s, u"3"_s), Result::Ok);
        QCOMPARE(presets.rename(u"ωMEGA"_s, u"ärger"_s), Result::NameTaken);
    }

    void sortedWithoutCase()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        for (const QString &name : {u"banana"_s, u"Cherry"_s, u"apple"_s, u"Apricot"_s, u"10 words"_s, u"2 words"_s})
            QCOMPARE(presets.save(name, name.toUpper()), Result::Ok);
        const QStringList expected {u"10 words"_s, u"2 words"_s, u"apple"_s, u"Apricot"_s, u"banana"_s, u"Cherry"_s};
        QCOMPARE(namesOf(presets.presets()), expected);
        QCOMPARE(namesOf(afterRestart()), expected);

        QCOMPARE(presets.rename(u"apple"_s, u"Zucchini"_s), Result::Ok);
        QCOMPARE(namesOf(presets.presets()),
            (QStringList {u"10 words"_s, u"2 words"_s, u"Apricot"_s, u"banana"_s, u"Cherry"_s, u"Zucchini"_s}));
        QCOMPARE(presets.find(u"zucchini"_s)->text, u"APPLE"_s);
    }

    void rename_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<Result>("expected");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<int>("signals");

        const QStringList before {u"Formal"_s, u"Pirate"_s};
        QTest::newRow("plain") << u"Pirate"_s << u"Buccaneer"_s << Result::Ok
                               << QStringList {u"Buccaneer"_s, u"Formal"_s} << 1;
        QTest::newRow("from any case") << u"pIRATE"_s << u"Corsair"_s << Result::Ok
                                       << QStringList {u"Corsair"_s, u"Formal"_s} << 1;
        QTest::newRow("own name other case")
            << u"Pirate"_s << u"PIRATE"_s << Result::Ok << QStringList {u"Formal"_s, u"PIRATE"_s} << 1;
        QTest::newRow("own name same") << u"Pirate"_s << u" Pirate "_s << Result::Ok << before << 0;
        QTest::newRow("taken") << u"Pirate"_s << u"formal"_s << Result::NameTaken << before << 0;
        QTest::newRow("empty") << u"Pirate"_s << u"   "_s << Result::EmptyName << before << 0;
        QTest::newRow("too long") << u"Pirate"_s << QString(SystemPresets::MaxNameLength + 1, u'x')
                                  << Result::NameTooLong << before << 0;
        QTest::newRow("missing") << u"Ghost"_s << u"Spirit"_s << Result::NotFound << before << 0;
        QTest::newRow("missing empty") << QString() << u"Spirit"_s << Result::NotFound << before << 0;
    }

    void rename()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(Result, expected);
        QFETCH(QStringList, names);
        QFETCH(int, signals);

        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QCOMPARE(presets.save(u"Pirate"_s, u"Arr."_s), Result::Ok);
        QCOMPARE(presets.save(u"Formal"_s, u"Dear Sir."_s), Result::Ok);
        QSignalSpy spy(&presets, &SystemPresets::changed);

        QCOMPARE(presets.rename(from, to), expected);
        QCOMPARE(spy.count(), signals);
        QCOMPARE(namesOf(presets.presets()), names);
        QCOMPARE(namesOf(afterRestart()), names);
        if (expected == Result::Ok)
            QCOMPARE(presets.find(to)->text, u"Arr."_s);
    }

    void remove()
    {
        const auto settings = openSettings();
        SystemPresets presets(settings.get());
        QCOMPARE(presets.save(u"One"_s, u"1"_s), Result::Ok);
        QCOMPARE(presets.save(u"Two"_s, u"2"_s), Result::Ok);
        QSignalSpy spy(&presets, &SystemPresets::changed);

        QCOMPARE(presets.remove(u"ghost"_s), Result::NotFound);
        QCOMPARE(presets.remove(QString()), Result::NotFound);
        QCOMPARE(spy.count(), 0);

        QCOMPARE(presets.remove(u" one"_s), Result::Ok);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{u"Two"_s, u"2"_s}}));
        QCOMPARE(afterRestart(), presets.presets());

        QCOMPARE(presets.remove(u"One"_s), Result::NotFound);
        QCOMPARE(presets.remove(u"TWO"_s), Result::Ok);
        QCOMPARE(spy.count(), 2);
        QVERIFY(presets.presets().isEmpty());
        QVERIFY(afterRestart().isEmpty());
    }

    void survivesRestart()
    {
        QList<SystemPreset> saved;
        {
            const auto settings = openSettings();
            SystemPresets presets(settings.get());
            QCOMPARE(presets.save(u"Multi"_s, u"line one\nline two\n\n  indented\ttab"_s), Result::Ok);
            QCOMPARE(presets.save(u"Quotes"_s, u"say \"hi\", then 'bye'; a=b [x] %20 @Variant(x) \\n"_s), Result::Ok);
            QCOMPARE(presets.save(u"Emoji 🦜"_s, u"Ünïcödé 名前 🦜\u200d\u2028"_s), Result::Ok);
            QCOMPARE(presets.save(u"Binary"_s, QString::fromUtf8("\x01\x02\x7f")), Result::Ok);
            saved = presets.presets();
        }
        QCOMPARE(saved.size(), 4);
        QCOMPARE(afterRestart(), saved);
        // Other settings in the same file are left alone.
        {
            const auto settings = openSettings();
            settings->setValue(u"window/geometry"_s, u"kept"_s);
            SystemPresets presets(settings.get());
            QCOMPARE(presets.remove(u"Binary"_s), Result::Ok);
        }
        const auto settings = openSettings();
        QCOMPARE(settings->value(u"window/geometry"_s).toString(), u"kept"_s);
        QCOMPARE(afterRestart().size(), 3);
    }

    void damagedFile_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QList<SystemPreset>>("expected");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<bool>("unreadable"); // QSettings reports a FormatError

        const QByteArray header = "[systemPresets]\n";
        QTest::newRow("garbage bytes") << QByteArray("\x00\xff\xfe\x01garbage\n\x89PNG\r\n[[[\n=\n", 20)
                                       << QList<SystemPreset> {} << 0 << true;
        QTest::newRow("valid after garbage")
            << QByteArray("\xff\xfe\x01=\n[systemPresets]\nsize=1\n1\\name=Good\n1\\text=Fine\n")
            << QList<SystemPreset> {{u"Good"_s, u"Fine"_s}} << 0 << false;
        QTest::newRow("missing name") << header + "size=2\n1\\text=orphan\n2\\name=Kept\n2\\text=yes\n"
                                      << QList<SystemPreset> {{u"Kept"_s, u"yes"_s}} << 1 << false;
        QTest::newRow("blank name") << header + "size=2\n1\\name=\"   \"\n1\\text=x\n2\\name=Kept\n2\\text=yes\n"
                                    << QList<SystemPreset> {{u"Kept"_s, u"yes"_s}} << 1 << false;
        QTest::newRow("missing text") << header + "size=2\n1\\name=NoText\n2\\name=Kept\n2\\text=yes\n"
                                      << QList<SystemPreset> {{u"Kept"_s, u"yes"_s}} << 1 << false;
        QTest::newRow("duplicate names") << header
                + "size=3\n1\\name=Dup\n1\\text=first\n2\\name=DUP\n2\\text=second\n"
                  "3\\name= dup \n3\\text=third\n"
                                         << QList<SystemPreset> {{u"Dup"_s, u"first"_s}} << 2 << false;
        QTest::newRow("huge text") << header + "size=2\n1\\name=Huge\n1\\text="
                + QByteArray(SystemPresets::MaxTextLength + 1, 'h') + "\n2\\name=Small\n2\\text=s\n"
                                   << QList<SystemPreset> {{u"Small"_s, u"s"_s}} << 1 << false;
        QTest::newRow("huge name") << header + "size=2\n1\\name=" + QByteArray(100000, 'n')
                + "\n1\\text=x\n2\\name=Small\n2\\text=s\n"
                                   << QList<SystemPreset> {{u"Small"_s, u"s"_s}} << 1 << false;
        QTest::newRow("hostile size") << header + "size=2147483647\n1\\name=A\n1\\text=a\n"
                                      << QList<SystemPreset> {{u"A"_s, u"a"_s}} << 0 << false;
        QTest::newRow("negative size and gaps") << header
                + "size=-5\n7\\name=Seven\n7\\text=7\n3\\name=Three\n3\\text=3\n0\\name=Zero\n0\\text=0\n"
                  "x\\name=Bad\nx\\text=b\n" << QList<SystemPreset> {{u"Seven"_s, u"7"_s}, {u"Three"_s, u"3"_s}}
                                                << 0 << false;
        QTest::newRow("no size") << header + "1\\name=A\n1\\text=a\n"
                                 << QList<SystemPreset> {{u"A"_s, u"a"_s}} << 0 << false;
        QTest::newRow("unquoted commas") << header + "1\\name=a, b\n1\\text=one, two\n"
                                         << QList<SystemPreset> {{u"a, b"_s, u"one, two"_s}} << 0 << false;
        QTest::newRow("not text") << header
                + "1\\name=@Point(1 2)\n1\\text=x\n2\\name=T\n2\\text=@Rect(1 2 3 4)\n"
                  "3\\name=OK\n3\\text=@ByteArray(bytes)\n"
                                  << QList<SystemPreset> {{u"OK"_s, u"bytes"_s}} << 2 << false;
        QTest::newRow("escaped unicode") << header + "1\\name=\\x7f8e\\x540d\n1\\text=\"line\\nnext\"\n"
                                         << QList<SystemPreset> {{u"美名"_s, u"line\nnext"_s}} << 0 << false;
        QTest::newRow("invalid utf8") << header + "1\\name=Bad\xc3\x28\n1\\text=\xff\xfe\n"
                                      << QList<SystemPreset> {{u"Bad\uFFFD("_s, u"\uFFFD\uFFFD"_s}} << 0 << false;
        QTest::newRow("flat value") << QByteArray("[General]\nsystemPresets=just a string\n") << QList<SystemPreset> {}
                                    << 0 << false;
    }

    void damagedFile()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QList<SystemPreset>, expected);
        QFETCH(int, skipped);
        QFETCH(bool, unreadable);

        writeFile(contents);
        if (skipped > 0)
            QTest::ignoreMessage(QtWarningMsg,
                qPrintable(u"skipped %1 damaged system-instruction presets in the settings"_s.arg(skipped)));
        if (unreadable) {
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"could not be read fully"_s));
            // The status stays FormatError in this QSettings, so the write cannot be confirmed.
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"may not have been written"_s));
        }
        {
            const auto settings = openSettings();
            SystemPresets presets(settings.get());
            QCOMPARE(presets.presets(), expected);

            // Still usable: a save rewrites the array without the damaged entries.
            QCOMPARE(presets.save(u"New"_s, u"fresh"_s), Result::Ok);
            QCOMPARE(presets.presets().size(), expected.size() + 1);
        }
        const QList<SystemPreset> reread = afterRestart();
        QCOMPARE(reread.size(), expected.size() + 1);
        for (const SystemPreset &p : expected)
            QVERIFY2(reread.contains(p), qPrintable(p.name));
    }

    void unwritableSettingsKeepMemory()
    {
        // A settings path below a regular file can never be created.
        QFile blocker(m_dir->filePath(u"blocker"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QSettings settings(m_dir->filePath(u"blocker/sub/alhena.ini"_s), QSettings::IniFormat);
        SystemPresets presets(&settings);
        QSignalSpy spy(&presets, &SystemPresets::changed);

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"may not have been written"_s));
        QCOMPARE(presets.save(u"Kept"_s, u"in memory"_s), Result::Ok);
        QCOMPARE(settings.status(), QSettings::AccessError);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(presets.presets(), (QList<SystemPreset> {{u"Kept"_s, u"in memory"_s}}));

        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"may not have been written"_s));
        QCOMPARE(presets.rename(u"Kept"_s, u"Still"_s), Result::Ok);
        QCOMPARE(namesOf(presets.presets()), QStringList {u"Still"_s});
    }

    void nullSettings()
    {
        SystemPresets presets(nullptr);
        QCOMPARE(presets.save(u"A"_s, u"a"_s), Result::Ok);
        QCOMPARE(presets.rename(u"A"_s, u"B"_s), Result::Ok);
        QCOMPARE(presets.remove(u"B"_s), Result::Ok);
    }

    void resultText_data()
    {
        QTest::addColumn<Result>("result");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");

        QTest::newRow("ok") << Result::Ok << u"x"_s << QString();
        QTest::newRow("empty") << Result::EmptyName << QString() << u"A preset needs a name."_s;
        QTest::newRow("too long") << Result::NameTooLong << u"x"_s
                                  << u"A preset name can be at most 80 characters long."_s;
        QTest::newRow("taken") << Result::NameTaken << u" Pirate "_s << u"A preset named “Pirate” exists already."_s;
        QTest::newRow("not found") << Result::NotFound << u"Ghost"_s << u"There is no preset named “Ghost”."_s;
        QTest::newRow("hostile name") << Result::NameTaken << QString(10000, u'x') + u"\n"_s
                                      << u"A preset named “"_s + QString(39, u'x') + u"…” exists already."_s;
    }

    void resultText()
    {
        QFETCH(Result, result);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(SystemPresets::resultText(result, name), expected);
    }

    void textTooLongMessage()
    {
        const QString text = SystemPresets::resultText(Result::TextTooLong);
        QVERIFY(text.contains(QLocale().toString(SystemPresets::MaxTextLength)));
    }
};

QTEST_GUILESS_MAIN(tst_systempresets)
#include "tst_systempresets.moc"
