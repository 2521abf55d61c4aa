#pragma once

#include "settings/preferences.h"

#include <QFont>
#include <QPalette>
#include <QString>
#include <QStringList>

class QApplication;

// Theme and font for the whole application, applied at once (no restart). Light and Dark use the
// Fusion style with a palette of their own (Qt 6.4 has no colour-scheme switch); System restores the
// style, palette and font the application started with. ThemeColors follows the palette.
class Appearance final
{
public:
    explicit Appearance(QApplication *app);

    void apply(Preferences::Theme theme, int fontPointSize);
    Preferences::Theme theme() const { return m_theme; }

    static QPalette lightPalette();
    static QPalette darkPalette();

    // The interface languages there are: "en" and one per embedded translation (":/i18n/alhena_<name>.qm").
    static QStringList availableLanguages();
    // Installs the translators for language (empty: the system's) into the application: Alhena's own
    // and Qt's. Takes effect for windows made afterwards, so the dialog says "after a restart".
    static bool installTranslators(QApplication *app, const QString &language);

private:
    QApplication *m_app;
    QString m_startStyle;
    QPalette m_startPalette;
    QFont m_startFont;
    Preferences::Theme m_theme = Preferences::Theme::System;
};
