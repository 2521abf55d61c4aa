#include "appearance.h"
#include "themecolors.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTranslator>
#include <QVBoxLayout>

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
        // No translation of Alhena's own exists yet: it reports that, and the texts stay English.
        QTest::newRow("de") << u"de"_s << Appearance::availableLanguages().contains(u"de"_s);
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
};

QTEST_MAIN(tst_Appearance)
#include "tst_appearance.moc"
