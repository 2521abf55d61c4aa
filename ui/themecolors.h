#pragma once

#include <QColor>

class QLabel;
class QPalette;

// Colours Qt 6.4's palette has no role for, chosen to read on the palette's base (light or dark).
namespace ThemeColors {
// Errors: a refused setting, a file that cannot be sent, a request over the limit.
QColor error(const QPalette &palette);
// Warnings: close to a limit.
QColor warning(const QPalette &palette);
// Gives the label's text the error colour of its palette.
void markAsError(QLabel *label);
} // namespace ThemeColors
