#include "appearance.h"

#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString FusionName = u"Fusion"_s;
// The translators this class installed, found again by name so a second call replaces them.
const QString QtTranslatorName = u"alhenaQtTranslator"_s;
const QString OwnTranslatorName = u"alhenaOwnTranslator"_s;

void setStyleNamed(QApplication *app, const QString &name)
{
    if (name.isEmpty() || app->style()->name().compare(name, Qt::CaseInsensitive) == 0)
        return;
    // Setting the style repolishes every widget: only when it really changes.
    QApplication::setStyle(name);
}

void replaceTranslator(QApplication *app, const QString &objectName, std::unique_ptr<QTranslator> translator)
{
    if (auto *old = app->findChild<QTranslator *>(objectName, Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    if (!translator)
        return;
    translator->setObjectName(objectName);
    translator->setParent(app);
    QCoreApplication::installTranslator(translator.release());
}

} // namespace

Appearance::Appearance(QApplication *app)
    : m_app(app)
    , m_startStyle(app->style()->name())
    , m_startPalette(QApplication::palette())
    , m_startFont(QApplication::font())
{ }

void Appearance::apply(Preferences::Theme theme, int fontPointSize)
{
    switch (theme) {
    case Preferences::Theme::System:
        setStyleNamed(m_app, m_startStyle);
        QApplication::setPalette(m_startPalette);
        break;
    case Preferences::Theme::Light:
        setStyleNamed(m_app, FusionName);
        QApplication::setPalette(lightPalette());
        break;
    case Preferences::Theme::Dark:
        setStyleNamed(m_app, FusionName);
        QApplication::setPalette(darkPalette());
        break;
    }
    m_theme = theme;

    // Widgets that never set a font of their own follow the application font at once.
    QFont font = m_startFont;
    if (fontPointSize >= Preferences::MinFontPointSize && fontPointSize <= Preferences::MaxFontPointSize)
        font.setPointSize(fontPointSize);
    if (QApplication::font() != font)
        QApplication::setFont(font);
}

QPalette Appearance::lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(FusionName));
    return fusion ? fusion->standardPalette() : QPalette(QColor(0xef, 0xef, 0xef));
}

QPalette Appearance::darkPalette()
{
    const QColor window(0x2b, 0x2b, 0x2b);
    const QColor base(0x1e, 0x1e, 0x1e);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor button(0x35, 0x35, 0x35);
    const QColor disabledText(0x7f, 0x7f, 0x7f);
    // A blue that white text reads on (contrast above 4.5:1) and that stands out from the greys.
    const QColor highlight(0x2f, 0x6f, 0xc0);

    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    palette.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3a));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x8c, 0x8c));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x80, 0x80));
    // Fusion draws bevels and frames from these.
    palette.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
    palette.setColor(QPalette::Midlight, QColor(0x3e, 0x3e, 0x3e));
    palette.setColor(QPalette::Mid, QColor(0x24, 0x24, 0x24));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x18));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xf5));
    palette.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xf0));

    palette.setColor(QPalette::Disabled, QPalette::WindowText, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Text, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::PlaceholderText, QColor(0x5f, 0x5f, 0x5f));
    palette.setColor(QPalette::Disabled, QPalette::Base, window);
    palette.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2e, 0x2e, 0x2e));
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x44, 0x44));
    palette.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Light, window);
    return palette;
}

QStringList Appearance::availableLanguages()
{
    QStringList languages {u"en"_s};
    const QStringList files = QDir(u":/i18n"_s).entryList({u"alhena_*.qm"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString name = file.mid(7, file.size() - 7 - 3); // "alhena_" … ".qm"
        if (!name.isEmpty() && !languages.contains(name))
            languages.append(name);
    }
    return languages;
}

bool Appearance::installTranslators(QApplication *app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty() && locale.language() == QLocale::C && language != u"C"_s) {
        // Not a locale name (QLocale falls back to C): nothing is loaded, the texts stay English.
        replaceTranslator(app, QtTranslatorName, nullptr);
        replaceTranslator(app, OwnTranslatorName, nullptr);
        return false;
    }
    // Numbers, sizes and dates follow the language too ("1.048.576 Tokens").
    QLocale::setDefault(locale);
    // The source texts are English: nothing to load for it.
    const bool english = locale.language() == QLocale::English || locale.language() == QLocale::C;

    auto qtTranslator = std::make_unique<QTranslator>();
    if (!qtTranslator->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        qtTranslator.reset();
    replaceTranslator(app, QtTranslatorName, std::move(qtTranslator));

    auto ownTranslator = std::make_unique<QTranslator>();
    const bool loaded = !english && ownTranslator->load(locale, u"alhena"_s, u"_"_s, u":/i18n"_s);
    if (!loaded)
        ownTranslator.reset();
    replaceTranslator(app, OwnTranslatorName, std::move(ownTranslator));
    return english || loaded;
}
