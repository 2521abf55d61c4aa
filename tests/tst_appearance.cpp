#include "appearance.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"
#include "themecolors.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QVBoxLayout>
#include <QXmlStreamReader>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

double luminance(const QColor &color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

// WCAG contrast ratio, 1..21.
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool samePalette(const QPalette &a, const QPalette &b)
{
    for (int group = 0; group < QPalette::NColorGroups; ++group) {
        for (int role = 0; role < QPalette::NColorRoles; ++role) {
            const auto g = static_cast<QPalette::ColorGroup>(group);
            const auto r = static_cast<QPalette::ColorRole>(role);
            if (r == QPalette::NoRole)
                continue;
            if (a.color(g, r) != b.color(g, r))
                return false;
        }
    }
    return true;
}

// The keyboard accelerator of a text ("&Save" -> 's'); a null QChar when it has none ("&&" is a literal &).
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

qsizetype mnemonicCount(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == u'&') {
            if (text.at(i + 1) != u'&')
                ++count;
            ++i;
        }
    }
    return count;
}

QStringList sortedMatches(const QRegularExpression &pattern, const QString &text)
{
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    return found;
}

struct TsMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or one per numerus form
    QString type;             // "unfinished", "obsolete", "vanished" or empty
    bool numerus = false;
};

// The messages of a Qt Linguist file; an empty list (and a message in error) when it cannot be read.
QList<TsMessage> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == "name"_L1) {
            context = xml.readElementText();
        } else if (xml.name() == "message"_L1) {
            TsMessage m;
            m.context = context;
            m.numerus = xml.attributes().value("numerus"_L1) == "yes"_L1;
            while (xml.readNextStartElement()) {
                if (xml.name() == "source"_L1) {
                    m.source = xml.readElementText();
                } else if (xml.name() == "translation"_L1) {
                    m.type = xml.attributes().value("type"_L1).toString();
                    if (m.numerus) {
                        while (xml.readNextStartElement())
                            m.translations << xml.readElementText();
                    } else {
                        m.translations << xml.readElementText();
                    }
                } else {
                    xml.skipCurrentElement();
                }
            }
            messages << m;
        }
    }
    if (xml.hasError()) {
        *error = xml.errorString();
        return {};
    }
    return messages;
}

// What the settings dialog needs, with nothing from the user's own settings or keychain.
struct DialogFixture
{
    QTemporaryDir dir;
    EnvSecretStore env {QProcessEnvironment()};
    MemorySecretStore keychain;
    FileSecretStore file {dir.path() + u"/secrets.json"_s};
    Credentials credentials {&env, &keychain, &file};
    AppSettings settings {dir.path() + u"/Alhena.conf"_s};
    QNetworkAccessManager nam;

    std::unique_ptr<SettingsDialog> dialog()
    {
        SettingsDialog::Context context;
        context.dataFolder = dir.path() + u"/data"_s;
        context.languages = Appearance::availableLanguages();
        return std::make_unique<SettingsDialog>(&settings, &credentials, &nam, context);
    }
};

} // namespace

class tst_Appearance final : public QObject
{
    Q_OBJECT

private:
    QString m_startStyle;
    QPalette m_startPalette;
    QFont m_startFont;

private Q_SLOTS:
    void initTestCase()
    {
        m_startStyle = QApplication::style()->name();
        m_startPalette = QApplication::palette();
        m_startFont = QApplication::font();
    }
    void cleanup()
    {
        Appearance::installTranslators(qApp, u"en"_s);
        // Each test starts where the application started.
        Appearance(qApp).apply(Preferences::Theme::System, 0);
        QApplication::setStyle(m_startStyle);
        QApplication::setPalette(m_startPalette);
        QApplication::setFont(m_startFont);
    }

    void darkThenSystemRestores()
    {
        QWidget window;
        auto *edit = new QLineEdit(&window);
        auto *label = new QLabel(u"text"_s, &window);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(edit);
        layout->addWidget(label);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        Appearance appearance(qApp);
        QCOMPARE(appearance.theme(), Preferences::Theme::System);
        appearance.apply(Preferences::Theme::Dark, 0);
        QCOMPARE(appearance.theme(), Preferences::Theme::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
        QCOMPARE(QApplication::palette().color(QPalette::Base), QColor(0x1e, 0x1e, 0x1e));
        // Widgets that exist already follow (Qt tells them through posted events).
        QTRY_COMPARE(edit->palette().color(QPalette::Base), QColor(0x1e, 0x1e, 0x1e));
        QTRY_COMPARE(label->palette().color(QPalette::WindowText), QColor(0xe6, 0xe6, 0xe6));
        QVERIFY(ThemeColors::error(label->palette()) != ThemeColors::error(m_startPalette)
            || m_startPalette.color(QPalette::Base).lightness() < 128);

        appearance.apply(Preferences::Theme::System, 0);
        QCOMPARE(appearance.theme(), Preferences::Theme::System);
        QCOMPARE(QApplication::style()->name(), m_startStyle);
        QVERIFY(samePalette(QApplication::palette(), m_startPalette));
        QTRY_VERIFY(samePalette(edit->palette(), m_startPalette));
    }

    void lightIsFusionsStandardPalette()
    {
        Appearance appearance(qApp);
        appearance.apply(Preferences::Theme::Dark, 0);
        appearance.apply(Preferences::Theme::Light, 0);
        QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
        const std::unique_ptr<QStyle> fusion(QStyleFactory::create(u"Fusion"_s));
        QVERIFY(fusion);
        QVERIFY(samePalette(QApplication::palette(), fusion->standardPalette()));
        QVERIFY(samePalette(Appearance::lightPalette(), fusion->standardPalette()));
        QVERIFY(QApplication::palette().color(QPalette::Base).lightness() > 200);
    }

    void darkPaletteReads()
    {
        const QPalette dark = Appearance::darkPalette();
        QVERIFY(dark.color(QPalette::Window).lightness() < 60);
        QVERIFY(contrast(dark.color(QPalette::Text), dark.color(QPalette::Base)) >= 7.0);
        QVERIFY(contrast(dark.color(QPalette::WindowText), dark.color(QPalette::Window)) >= 7.0);
        QVERIFY(contrast(dark.color(QPalette::ButtonText), dark.color(QPalette::Button)) >= 7.0);
        QVERIFY(contrast(dark.color(QPalette::HighlightedText), dark.color(QPalette::Highlight)) >= 4.5);
        QVERIFY(contrast(dark.color(QPalette::Link), dark.color(QPalette::Base)) >= 4.5);
        QVERIFY(contrast(dark.color(QPalette::ToolTipText), dark.color(QPalette::ToolTipBase)) >= 4.5);
        QVERIFY(contrast(ThemeColors::error(dark), dark.color(QPalette::Base)) >= 4.5);
        // Disabled text is dimmer than enabled text, and still visible.
        const QColor disabled = dark.color(QPalette::Disabled, QPalette::Text);
        QVERIFY(disabled != dark.color(QPalette::Active, QPalette::Text));
        QVERIFY(contrast(disabled, dark.color(QPalette::Base)) >= 3.0);
        QVERIFY(contrast(disabled, dark.color(QPalette::Base))
            < contrast(dark.color(QPalette::Text), dark.color(QPalette::Base)));
        // A blue: blue the strongest channel.
        const QColor highlight = dark.color(QPalette::Highlight);
        QVERIFY(highlight.blue() > highlight.red() && highlight.blue() > highlight.green());
    }

    void fontSizeReachesWidgets_data()
    {
        QTest::addColumn<int>("pointSize");
        QTest::addColumn<bool>("applies");
        QTest::newRow("20") << 20 << true;
        QTest::newRow("smallest") << int(Preferences::MinFontPointSize) << true;
        QTest::newRow("largest") << int(Preferences::MaxFontPointSize) << true;
        QTest::newRow("system") << 0 << false;
        QTest::newRow("negative") << -4 << false;
        QTest::newRow("huge") << 100000 << false;
    }
    void fontSizeReachesWidgets()
    {
        QFETCH(int, pointSize);
        QFETCH(bool, applies);
        QWidget window;
        auto *label = new QLabel(u"text"_s, &window);
        auto *bold = new QLabel(u"bold"_s, &window);
        QFont boldFont = bold->font();
        boldFont.setBold(true);
        bold->setFont(boldFont);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(label);
        layout->addWidget(bold);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        Appearance appearance(qApp);
        appearance.apply(Preferences::Theme::System, pointSize);
        const int expected = applies ? pointSize : m_startFont.pointSize();
        QCOMPARE(QApplication::font().pointSize(), expected);
        QTRY_COMPARE(label->font().pointSize(), expected);
        QTRY_COMPARE(bold->font().pointSize(), expected);
        QVERIFY(bold->font().bold());

        appearance.apply(Preferences::Theme::System, 0);
        QTRY_COMPARE(label->font().pointSize(), m_startFont.pointSize());
        QCOMPARE(QApplication::font(), m_startFont);
    }

    void themeAndFontTogether()
    {
        Appearance appearance(qApp);
        appearance.apply(Preferences::Theme::Dark, 15);
        QCOMPARE(QApplication::font().pointSize(), 15);
        QCOMPARE(QApplication::palette().color(QPalette::Window), Appearance::darkPalette().color(QPalette::Window));
        appearance.apply(Preferences::Theme::Light, 15);
        QCOMPARE(QApplication::font().pointSize(), 15);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 200);
    }

    void languages()
    {
        const QStringList languages = Appearance::availableLanguages();
        QVERIFY(!languages.isEmpty());
        QCOMPARE(languages.first(), u"en"_s);
        QCOMPARE(languages.count(u"en"_s), 1);
    }

    void installTranslators_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("own");
        QTest::newRow("en") << u"en"_s << true;
        QTest::newRow("en_GB") << u"en_GB"_s << true;
        // German is embedded (resources/translations/alhena_de.ts).
        QTest::newRow("de") << u"de"_s << true;
        QTest::newRow("nonsense") << u"../../etc/passwd"_s << false;
    }
    void installTranslators()
    {
        QFETCH(QString, language);
        QFETCH(bool, own);
        QCOMPARE(Appearance::installTranslators(qApp, language), own);
        // Called again (the language changed): replaced, not piled up.
        Appearance::installTranslators(qApp, language);
        QVERIFY(qApp->findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly).size() <= 2);
        Appearance::installTranslators(qApp, u"en"_s);
    }

    void germanIsEmbedded()
    {
        // The .qm is built from resources/translations/alhena_de.ts into alhena_ui, a static library:
        // its resource must still reach the executable.
        QVERIFY(QFile::exists(u":/i18n/alhena_de.qm"_s));
        const QStringList languages = Appearance::availableLanguages();
        QVERIFY2(languages.contains(u"de"_s), qPrintable(languages.join(u", "_s)));
        QCOMPARE(languages.count(u"de"_s), 1);
        QCOMPARE(languages.first(), u"en"_s);
    }

    void germanTranslates_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QByteArray>("context");
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QString>("german");
        const QStringList languages {u"de"_s, u"de_DE"_s, u"de_AT"_s};
        for (const QString &language : languages) {
            const auto row = [&](const char *name) -> QTestData & {
                return QTest::addRow("%s %s", qPrintable(language), name) << language;
            };
            row("dialog title") << QByteArray("SettingsDialog") << QByteArray("Settings") << u"Einstellungen"_s;
            row("label") << QByteArray("SettingsDialog") << QByteArray("&Language:") << u"&Sprache:"_s;
            row("core") << QByteArray("ApiError") << QByteArray("The request was stopped.")
                        << u"Die Anfrage wurde abgebrochen."_s;
            row("platform") << QByteArray("KeychainSecretStore") << QByteArray("the system keychain")
                            << u"der Schlüsselbund des Systems"_s;
            row("placeholder") << QByteArray("SettingsDialog") << QByteArray("Could not open %1.")
                               << u"%1 konnte nicht geöffnet werden."_s;
        }
    }
    void germanTranslates()
    {
        QFETCH(QString, language);
        QFETCH(QByteArray, context);
        QFETCH(QByteArray, source);
        QFETCH(QString, german);
        const QString english = QString::fromUtf8(source);
        QCOMPARE(QCoreApplication::translate(context.constData(), source.constData()), english);

        QVERIFY(Appearance::installTranslators(qApp, language));
        QCOMPARE(QCoreApplication::translate(context.constData(), source.constData()), german);
        // Switching again replaces the translators rather than stacking a second German one.
        QVERIFY(Appearance::installTranslators(qApp, language));
        QVERIFY(qApp->findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly).size() <= 2);

        QVERIFY(Appearance::installTranslators(qApp, u"en"_s));
        QCOMPARE(QCoreApplication::translate(context.constData(), source.constData()), english);
        QVERIFY(qApp->findChildren<QTranslator *>(QString(), Qt::FindDirectChildrenOnly).size() <= 1);
    }

    void germanPluralForms_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("german");
        QTest::newRow("1") << 1 << u"Der Schlüssel funktioniert: 1 Modell ist verfügbar."_s;
        QTest::newRow("2") << 2 << u"Der Schlüssel funktioniert: 2 Modelle sind verfügbar."_s;
        QTest::newRow("0") << 0 << u"Der Schlüssel funktioniert: 0 Modelle sind verfügbar."_s;
        QTest::newRow("1000") << 1000 << u"Der Schlüssel funktioniert: 1000 Modelle sind verfügbar."_s;
    }
    void germanPluralForms()
    {
        QFETCH(int, n);
        QFETCH(QString, german);
        QVERIFY(Appearance::installTranslators(qApp, u"de"_s));
        QCOMPARE(
            QCoreApplication::translate("KeyCheck", "The key works: %n models are available.", nullptr, n), german);
    }

    void settingsDialogInGerman()
    {
        DialogFixture f;
        QVERIFY(Appearance::installTranslators(qApp, u"de"_s));
        const auto dialog = f.dialog();
        QCOMPARE(dialog->windowTitle(), u"Einstellungen"_s);

        const auto *pages = dialog->findChild<QListWidget *>(u"settingsPages"_s);
        QVERIFY(pages);
        QStringList titles;
        for (int i = 0; i < pages->count(); ++i)
            titles << pages->item(i)->text();
        QCOMPARE(titles,
            QStringList({u"API-Schlüssel"_s, u"Verbindung"_s, u"Anhänge"_s, u"Erscheinungsbild"_s, u"Daten"_s}));

        auto *language = dialog->findChild<QComboBox *>(u"languageCombo"_s);
        QVERIFY(language);
        const int germanRow = language->findData(u"de"_s);
        QVERIFY(germanRow > 0);
        QCOMPARE(language->itemText(germanRow), u"Deutsch"_s);
        QLabel *languageLabel = nullptr;
        for (QLabel *label : dialog->findChildren<QLabel *>()) {
            if (label->buddy() == language)
                languageLabel = label;
        }
        QVERIFY(languageLabel);
        QCOMPARE(languageLabel->text(), u"&Sprache:"_s);

        // On each page, Alt plus a letter reaches one field, not two.
        const auto *stack = dialog->findChild<QStackedWidget *>(u"settingsStack"_s);
        QVERIFY(stack);
        QCOMPARE(stack->count(), pages->count());
        for (int page = 0; page < stack->count(); ++page) {
            QHash<QChar, QString> taken;
            QStringList texts;
            for (const QLabel *label : stack->widget(page)->findChildren<QLabel *>()) {
                if (label->buddy())
                    texts << label->text();
            }
            for (const QAbstractButton *button : stack->widget(page)->findChildren<QAbstractButton *>())
                texts << button->text();
            for (const QString &text : std::as_const(texts)) {
                const QChar key = mnemonic(text);
                if (key.isNull())
                    continue;
                QVERIFY2(!taken.contains(key),
                    qPrintable(u"page %1: “%2” and “%3” share Alt+%4"_s.arg(
                        titles.at(page), taken.value(key), text, QString(key))));
                taken.insert(key, text);
            }
        }

        // Back to English: a dialog made afterwards speaks English again.
        QVERIFY(Appearance::installTranslators(qApp, u"en"_s));
        QCOMPARE(f.dialog()->windowTitle(), u"Settings"_s);
    }

    // A translator's slip (a lost %1, accelerator or tag) shows as broken text only at run time: the
    // .ts file is checked here, message by message.
    void translationFileIsComplete()
    {
        const QString path = QFINDTESTDATA("../resources/translations/alhena_de.ts");
        QVERIFY2(!path.isEmpty(), "resources/translations/alhena_de.ts not found");
        QString error;
        const QList<TsMessage> messages = readTs(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 100);

        const QRegularExpression placeholder(u"%L?\\d+|%n"_s);
        const QRegularExpression tag(u"</?[a-zA-Z][^>]*>"_s);
        for (const TsMessage &m : messages) {
            const QString where = m.context + u": "_s + m.source;
            QVERIFY2(m.type.isEmpty(), qPrintable(m.type + u" — "_s + where));
            QVERIFY2(m.translations.size() == (m.numerus ? 2 : 1), qPrintable(where));
            for (qsizetype i = 0; i < m.translations.size(); ++i) {
                const QString &t = m.translations.at(i);
                QVERIFY2(!t.trimmed().isEmpty(), qPrintable(where));
                // The singular form may say "one" instead of %n.
                if (!(m.numerus && i == 0)) {
                    QVERIFY2(sortedMatches(placeholder, t) == sortedMatches(placeholder, m.source),
                        qPrintable(where + u" → "_s + t));
                }
                QVERIFY2(mnemonicCount(t) == mnemonicCount(m.source), qPrintable(where + u" → "_s + t));
                QVERIFY2(sortedMatches(tag, t) == sortedMatches(tag, m.source), qPrintable(where + u" → "_s + t));
                // Text glued to something before it (" s", ", and …") stays glued the same way.
                const auto gluedBefore = [](const QString &text) { return u" ,.;:"_s.contains(text.front()); };
                QVERIFY2(gluedBefore(t) == gluedBefore(m.source), qPrintable(where + u" → "_s + t));
                QVERIFY2(t.count(u'\n') == m.source.count(u'\n'), qPrintable(where + u" → "_s + t));
            }
        }
    }
};

QTEST_MAIN(tst_Appearance)
#include "tst_appearance.moc"
